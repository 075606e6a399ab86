// Go's function table, read from Go binaries the build makes (with symbols, and stripped with
// -s -w), checked against what the Go runtime itself reports about the same addresses, and
// cut up to check that damage costs names, counted, never a crash.
#include <fcntl.h>
#include <gelf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "elf_handle.h"
#include "elf_module.h"
#include "ember/symbolizer/go_frame_sizes.h"
#include "ember/unique_fd.h"
#include "gopclntab_reader.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

const std::string kFrames = std::string(EMBER_TARGETS_DIR) + "/go_frames";
const std::string kStripped = std::string(EMBER_TARGETS_DIR) + "/go_frames_stripped";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The table of `path` as ember reads it, whether or not the file also has DWARF.
std::shared_ptr<const GoPclntab> table_of(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  auto elf = begin_elf(fd.get());
  if (!elf) return nullptr;
  return read_go_pclntab(elf->get(), std::filesystem::file_size(path));
}

struct Range {
  uint64_t offset = 0;  // in the file
  uint64_t vaddr = 0;
  uint64_t size = 0;
};

Range section(const std::string& path, const char* wanted) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  auto elf = begin_elf(fd.get());
  size_t names = 0;
  if (!elf || elf_getshdrstrndx(elf->get(), &names) != 0) return {};
  for (Elf_Scn* s = elf_nextscn(elf->get(), nullptr); s; s = elf_nextscn(elf->get(), s)) {
    GElf_Shdr shdr;
    const char* name = gelf_getshdr(s, &shdr) ? elf_strptr(elf->get(), names, shdr.sh_name) : "";
    if (name && std::string(name) == wanted) return {shdr.sh_offset, shdr.sh_addr, shdr.sh_size};
  }
  return {};
}

// Addresses spread over the whole of the text, every `step` bytes.
std::vector<uint64_t> text_addresses(const std::string& path, uint64_t step) {
  const Range text = section(path, ".text");
  std::vector<uint64_t> pcs;
  for (uint64_t pc = text.vaddr; pc < text.vaddr + text.size; pc += step) pcs.push_back(pc);
  return pcs;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) out.push_back(field);
  return out;
}

// What Go's runtime says in `binary` (go_frames): its "stack" lines, and for each of `pcs`
// the innermost function, file and line.
struct GoTruth {
  std::vector<std::vector<std::string>> stack;
  std::map<uint64_t, std::vector<std::string>> at;
};

GoTruth ask_go(const std::string& binary, const std::vector<uint64_t>& pcs) {
  testing::TempDir dir;
  std::ostringstream input;
  for (uint64_t pc : pcs) input << std::hex << "0x" << pc << "\n";
  write_file(dir.path() / "pcs", input.str());
  std::istringstream lines(testing::run_command(binary + " < " + (dir.path() / "pcs").string()));
  GoTruth truth;
  for (std::string line; std::getline(lines, line);) {
    auto f = fields(line);
    if (f.size() == 6 && f[0] == "stack") truth.stack.push_back(f);
    if (f.size() == 5 && f[0] == "pc") truth.at[std::stoull(f[1], nullptr, 16)] = f;
  }
  return truth;
}

bool go_built() {
  return std::filesystem::exists(kFrames) && std::filesystem::exists(kStripped);
}

#define SKIP_WITHOUT_GO() \
  if (!go_built()) GTEST_SKIP() << "no Go toolchain: the Go test binaries were not built"

TEST(GoPclntab, NamesEveryFunctionOfTheSymbolTable) {
  SKIP_WITHOUT_GO();
  auto table = table_of(kFrames);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->skipped_functions(), 0);
  const std::vector<testing::NmSymbol> symbols = testing::nm_function_symbols(kFrames);
  ASSERT_GT(symbols.size(), 1000u);
  size_t mismatched = 0;
  for (const auto& symbol : symbols) {
    // Go's symbol table also lists a few text symbols that are not functions (runtime.text).
    auto frames = table->frames_at(symbol.address);
    if (frames.empty()) continue;
    // The ELF symbol table marks assembly functions' ABI with ".abi0"; Go's table, and so
    // Go's own profiles, name them without it.
    // Go 1.19's linker writes type arguments as "[...]" in its table, as the runtime prints them.
    std::string name = symbol.name;
    if (name.ends_with(".abi0")) name.resize(name.size() - 5);
    if (size_t open = name.find('['), close = name.rfind(']');
        open != std::string::npos && close != std::string::npos && close > open)
      name = name.substr(0, open) + "[...]" + name.substr(close + 1);
    // nm's output is split at spaces, which some type names hold.
    const std::string& ours = frames.back().name;
    if (ours != name && !ours.starts_with(name + " ")) {
      ++mismatched;
      ADD_FAILURE() << std::hex << symbol.address << ": " << frames.back().name << " vs "
                    << symbol.name;
      if (mismatched > 10) break;
    }
  }
  EXPECT_GE(table->functions(), symbols.size() * 9 / 10);
}

// Where the return address is, for the unwinder: at every function's entry it is at the stack
// pointer (nothing pushed yet); inside a function that calls, past the frame it set up, a whole
// number of words. The stripped binary's table says the same as the full one's.
TEST(GoPclntab, ReturnAddressIsAtTheStackPointerOnEntryAndPastTheFrameInside) {
  SKIP_WITHOUT_GO();
  auto table = table_of(kFrames), stripped = table_of(kStripped);
  ASSERT_TRUE(table && stripped);
  size_t entries = 0;
  for (const auto& symbol : testing::nm_function_symbols(kFrames)) {
    if (table->frames_at(symbol.address).empty()) continue;
    ++entries;
    EXPECT_EQ(table->return_address_offset(symbol.address), 0u) << symbol.name;
    if (symbol.name == "main.outer") {
      // main.outer calls middle (inlined) and capture: it has a frame.
      auto inside = table->return_address_offset(symbol.address + symbol.size / 2);
      ASSERT_TRUE(inside);
      EXPECT_GT(*inside, 0u);
      EXPECT_EQ(*inside % 8, 0u);
    }
  }
  EXPECT_GT(entries, 1000u);
  for (uint64_t pc : text_addresses(kStripped, 97))
    EXPECT_EQ(stripped->return_address_offset(pc), table->return_address_offset(pc)) << pc;
  EXPECT_FALSE(table->return_address_offset(0));
}

// The unwinder's view: by file offset, from the file itself; nothing for a file that is not Go.
TEST(GoFrameSizes, ReadsGoBinariesOnly) {
  SKIP_WITHOUT_GO();
  UniqueFd go(::open(kStripped.c_str(), O_RDONLY | O_CLOEXEC));
  UniqueFd other(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  auto sizes = GoFrameSizes::read(go.get());
  ASSERT_TRUE(sizes);
  EXPECT_FALSE(GoFrameSizes::read(other.get()));
  auto table = table_of(kStripped);
  const Range text = section(kStripped, ".text");
  for (uint64_t pc : text_addresses(kStripped, 997))
    EXPECT_EQ(sizes->return_address_offset(pc - text.vaddr + text.offset),
              table->return_address_offset(pc));
}

// Without symbols or DWARF: every address of the text, innermost frame, as Go's runtime has it.
TEST(GoPclntab, StrippedBinaryMatchesGoRuntime) {
  SKIP_WITHOUT_GO();
  UniqueFd fd(::open(kStripped.c_str(), O_RDONLY | O_CLOEXEC));
  auto module = ElfModule::open(fd.get());
  ASSERT_TRUE(module.ok());
  ASSERT_FALSE((*module)->has_symtab());
  ASSERT_FALSE((*module)->has_dwarf());
  const GoPclntab* table = (*module)->go_pclntab();
  ASSERT_TRUE(table);
  EXPECT_EQ(table->skipped_functions(), 0);
  EXPECT_TRUE(table->has_inline_trees());

  const std::vector<uint64_t> pcs = text_addresses(kStripped, 13);
  const GoTruth truth = ask_go(kStripped, pcs);
  ASSERT_EQ(truth.at.size(), pcs.size());
  const std::string first_function = table->frames_at(pcs.front()).back().name;
  size_t named = 0;
  size_t mismatched = 0;
  for (uint64_t pc : pcs) {
    const auto& go = truth.at.at(pc);
    auto frames = table->frames_at(pc);
    // The runtime names no function whose name is at offset 0 of the name table (the first
    // function of the text, run once at start-up): its funcName takes offset 0 for none.
    if (go[2].empty() && !frames.empty() && frames.back().name == first_function) continue;
    // CallersFrames looks up pc + 1 - 1 unless pc + 1 is a function's entry (Go aligns them
    // to 32 bytes): the last byte before an entry is not asked about.
    if ((pc + 1) % 32 == 0) continue;
    const std::string name = frames.empty() ? "" : frames.front().name;
    // Go prints "?" for no file.
    const std::string file =
        frames.empty() || frames.front().file.empty() ? "?" : frames.front().file;
    const std::string line = frames.empty() ? "0" : std::to_string(frames.front().line);
    if (name != go[2] || file != go[3] || line != go[4]) {
      if (++mismatched <= 10)
        ADD_FAILURE() << std::hex << pc << ": ours " << name << " " << file << ":" << line
                      << ", Go's " << go[2] << " " << go[3] << ":" << go[4];
    }
    named += !name.empty();
  }
  EXPECT_EQ(mismatched, 0u);
  EXPECT_GT(named, pcs.size() * 9 / 10);
}

// A stack taken inside calls inlined into main.outer: Go expands each real frame into the
// inlined calls at it; ours must give the same chain, names, files and lines.
TEST(GoPclntab, InlinedCallsExpandAsGoDoes) {
  SKIP_WITHOUT_GO();
  UniqueFd fd(::open(kStripped.c_str(), O_RDONLY | O_CLOEXEC));
  auto module = ElfModule::open(fd.get());
  ASSERT_TRUE(module.ok() && (*module)->go_pclntab());
  const GoTruth truth = ask_go(kStripped, {});
  ASSERT_FALSE(truth.stack.empty());
  size_t longest = 0;
  // Runs of frames ending in a real one: the first frame's PC is the real one's call site.
  for (size_t begin = 0; begin < truth.stack.size();) {
    size_t end = begin;
    while (end < truth.stack.size() && truth.stack[end][5] != "true") ++end;
    ASSERT_LT(end, truth.stack.size());
    const uint64_t pc = std::stoull(truth.stack[begin][1], nullptr, 16);
    auto frames = (*module)->go_pclntab()->frames_at(pc);
    ASSERT_EQ(frames.size(), end + 1 - begin) << truth.stack[begin][2];
    for (size_t i = begin; i <= end; ++i) {
      const ResolvedFrame& ours = frames[i - begin];
      EXPECT_EQ(ours.name, truth.stack[i][2]);
      EXPECT_EQ(ours.file, truth.stack[i][3]);
      EXPECT_EQ(std::to_string(ours.line), truth.stack[i][4]) << ours.name;
    }
    longest = std::max(longest, end + 1 - begin);
    begin = end + 1;
  }
  EXPECT_GE(longest, 3u) << "the fixture's inner and middle were not inlined into outer";
}

// The frames of `table` at `pcs`, as text, for comparing two tables.
std::vector<std::string> describe(const GoPclntab& table, const std::vector<uint64_t>& pcs) {
  std::vector<std::string> out;
  for (uint64_t pc : pcs) {
    std::string text;
    for (const auto& frame : table.frames_at(pc))
      text += frame.name + "@" + frame.file + ":" + std::to_string(frame.line) + ";";
    out.push_back(text);
  }
  return out;
}

TEST(GoPclntab, FoundByItsHeaderWhereSectionHeadersAreGone) {
  SKIP_WITHOUT_GO();
  testing::TempDir dir;
  std::string bytes = read_file(kStripped);
  // e_shoff, e_shnum and e_shstrndx of an ELF64 header.
  std::fill(bytes.begin() + 0x28, bytes.begin() + 0x30, '\0');
  std::fill(bytes.begin() + 0x3c, bytes.begin() + 0x40, '\0');
  write_file(dir.path() / "no_sections", bytes);
  auto table = table_of((dir.path() / "no_sections").string());
  auto original = table_of(kStripped);
  ASSERT_TRUE(table && original);
  EXPECT_EQ(table->functions(), original->functions());
  EXPECT_TRUE(table->has_inline_trees());
  const auto pcs = text_addresses(kStripped, 101);
  EXPECT_EQ(describe(*table, pcs), describe(*original, pcs));
}

// The file range of the function records, which follow the function table at the end of
// .gopclntab (Go 1.18+ header: nfunc at 8, the records' offset at 64).
Range function_records(const std::string& path) {
  const Range table = section(path, ".gopclntab");
  const std::string bytes = read_file(path);
  uint64_t nfunc = 0;
  uint64_t records = 0;
  std::memcpy(&nfunc, bytes.data() + table.offset + 8, 8);
  std::memcpy(&records, bytes.data() + table.offset + 64, 8);
  const uint64_t begin = records + (nfunc + 1) * 8;
  return {table.offset + begin, table.vaddr + begin, table.size - begin};
}

// Frames that a damaged table still gives must be the intact table's; the rest are counted.
void expect_damage_contained(const GoPclntab& damaged, const GoPclntab& original,
                             const std::vector<uint64_t>& pcs) {
  EXPECT_GT(damaged.skipped_functions(), 0);
  EXPECT_LT(damaged.functions(), original.functions());
  const auto ours = describe(damaged, pcs);
  const auto intact = describe(original, pcs);
  for (size_t i = 0; i < pcs.size(); ++i) {
    if (ours[i].empty() || ours[i] == intact[i]) continue;
    // Or, where the inline tree is lost too, one frame (the function's own, which the intact
    // table may leave out as a wrapper) without a position.
    EXPECT_TRUE(!intact[i].empty() && ours[i].ends_with("@:0;") &&
                ours[i].find(';') == ours[i].size() - 1)
        << std::hex << pcs[i] << ": " << ours[i] << " vs " << intact[i];
  }
}

TEST(GoPclntab, TruncatedTableKeepsWhatItHoldsAndCountsTheRest) {
  SKIP_WITHOUT_GO();
  testing::TempDir dir;
  const std::string bytes = read_file(kStripped);
  const Range records = function_records(kStripped);
  ASSERT_GT(records.size, 0u);
  auto original = table_of(kStripped);
  const auto pcs = text_addresses(kStripped, 97);
  // Cut in the function records, then before them: then every function is counted, none named.
  for (uint64_t cut : {records.offset + records.size * 3 / 4, records.offset + records.size / 4,
                       records.offset - 16}) {
    write_file(dir.path() / "cut", bytes.substr(0, cut));
    UniqueFd fd(::open((dir.path() / "cut").c_str(), O_RDONLY | O_CLOEXEC));
    auto module = ElfModule::open(fd.get());
    if (!module.ok() || !(*module)->go_pclntab()) continue;  // nothing left to read
    const GoPclntab& cut_table = *(*module)->go_pclntab();
    EXPECT_EQ(cut_table.functions() + static_cast<size_t>(cut_table.skipped_functions()),
              original->functions());
    expect_damage_contained(cut_table, *original, pcs);
  }
}

TEST(GoPclntab, CorruptRecordsAreSkippedAndCounted) {
  SKIP_WITHOUT_GO();
  testing::TempDir dir;
  const std::string intact = read_file(kStripped);
  const Range records = function_records(kStripped);
  auto original = table_of(kStripped);
  const auto pcs = text_addresses(kStripped, 97);
  std::mt19937 random(2024);
  for (int round = 0; round < 20; ++round) {
    std::string bytes = intact;
    // A burst of garbage among the function records.
    const uint64_t at = records.offset + random() % (records.size - 4096);
    for (uint64_t i = at; i < at + 4096; ++i) bytes[i] = static_cast<char>(random());
    write_file(dir.path() / "corrupt", bytes);
    auto table = table_of((dir.path() / "corrupt").string());
    ASSERT_TRUE(table);
    (void)describe(*table, text_addresses(kStripped, 29));  // every lookup survives
    for (uint64_t pc : text_addresses(kStripped, 29)) (void)table->return_address_offset(pc);
    expect_damage_contained(*table, *original, pcs);
  }
}

TEST(GoPclntab, CorruptHeaderGivesNoTable) {
  SKIP_WITHOUT_GO();
  testing::TempDir dir;
  const Range table_range = section(kStripped, ".gopclntab");
  for (uint64_t field : {0, 6, 7, 8 + 8 * 3, 8 + 8 * 7}) {
    std::string bytes = read_file(kStripped);
    for (int i = 0; i < 4; ++i) bytes[table_range.offset + field + i] = '\x7f';
    write_file(dir.path() / "bad_header", bytes);
    auto table = table_of((dir.path() / "bad_header").string());
    if (table) (void)describe(*table, text_addresses(kStripped, 7));
    if (field == 0) {
      EXPECT_FALSE(table);
    }
  }
}

}  // namespace
}  // namespace ember::symbolizer
