// The Symbolizer end to end, on real processes started from the fixture programs.
#include "ember/symbolizer/symbolizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "ember/profile/operations.h"
#include "ember/symbolizer/process_maps.h"
#include "ember/symbolizer/process_table.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

using testing::build_options;
using testing::FixtureProcess;
using testing::TempDir;
using testing::user_sample;

std::string canonical(const std::string& path) {
  return std::filesystem::canonical(path);
}

// The frame names of a sample, leaf first (outermost inline frame of each location).
std::vector<std::string> frame_names(const profile::Profile& profile,
                                     const profile::Sample& sample) {
  std::vector<std::string> names;
  for (uint64_t id : sample.location_ids) {
    const auto& location = profile.location(id);
    names.push_back(
        location.lines.empty() ? "?" : profile.function(location.lines.back().function_id).name);
  }
  return names;
}

const profile::Mapping& mapping_of(const profile::Profile& profile, const profile::Sample& sample,
                                   size_t frame) {
  return profile.mapping(profile.location(sample.location_ids.at(frame)).mapping_id);
}

void expect_valid(const profile::Profile& profile) {
  auto valid = profile::validate(profile);
  EXPECT_TRUE(valid.ok()) << (valid ? "" : valid.error().message);
}

// Checks the profile's invariants and that it holds one sample; that sample's frame names.
std::vector<std::string> only_sample_frames(const profile::Profile& profile) {
  expect_valid(profile);
  EXPECT_EQ(profile.samples.size(), 1u);
  if (profile.samples.empty()) return {};
  return frame_names(profile, profile.samples[0]);
}

// The fixture's library spins; its frames, mappings and build-ids come out right.
void check_live_process(const std::string& executable) {
  FixtureProcess process({executable, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
  const uint64_t spin = process.address("ember_lib_spin");
  const uint64_t widget = process.address("widget_compute");
  const uint64_t run = process.address("ember_fixture_run");
  ASSERT_NE(spin * widget * run, 0u);
  // pc inside the spinning function; return addresses one byte into their callers.
  symbolizer.add(user_sample(process.pid(), {spin + 1, widget + 2, run + 1}));
  auto profile = symbolizer.build(build_options());
  expect_valid(profile);

  ASSERT_EQ(profile.samples.size(), 1u);
  const auto& sample = profile.samples[0];
  EXPECT_EQ(frame_names(profile, sample),
            (std::vector<std::string>{"ember_lib_spin", "ember_fixture::Widget::compute(int)",
                                      "ember_fixture_run"}));
  const auto& widget_location = profile.location(sample.location_ids[1]);
  EXPECT_EQ(profile.function(widget_location.lines[0].function_id).system_name,
            "_ZN13ember_fixture6Widget7computeEi");
  EXPECT_EQ(widget_location.address, widget + 2);  // runtime address, not the lookup address

  const auto& library = mapping_of(profile, sample, 0);
  EXPECT_EQ(library.file, canonical(FIXTURE_LIB));
  EXPECT_EQ(library.build_id, testing::readelf_build_id(FIXTURE_LIB));
  EXPECT_TRUE(library.has_functions);
  EXPECT_LE(library.start, spin);
  EXPECT_LT(spin, library.limit);
  const auto& main_binary = mapping_of(profile, sample, 2);
  EXPECT_EQ(main_binary.file, canonical(executable));
  EXPECT_EQ(main_binary.build_id, testing::readelf_build_id(executable));

  EXPECT_EQ(sample.values, std::vector<int64_t>{1});
  EXPECT_EQ(symbolizer.stats().unsymbolized_frames, 0);
  EXPECT_EQ(symbolizer.stats().frames, 3);
}

TEST(Symbolizer, LivePieProcessWithDlopenedLibrary) {
  check_live_process(FIXTURE_PIE);
}
TEST(Symbolizer, LiveNonPieProcess) {
  check_live_process(FIXTURE_NOPIE);
}
TEST(Symbolizer, LiveProcessWithoutFramePointers) {
  check_live_process(FIXTURE_NOFP);
}

// The system C library as mapped into this test: its code segment's file offsets and vaddrs
// are translated as the loader laid them out.
TEST(Symbolizer, SymbolizesTheCLibraryOfThisProcess) {
  Symbolizer symbolizer;
  const auto pid = static_cast<uint32_t>(getpid());
  ASSERT_TRUE(symbolizer.track_process(pid).ok());
  const auto getpid_address = reinterpret_cast<uint64_t>(&::getpid);
  symbolizer.add(user_sample(pid, {getpid_address, getpid_address + 1}));
  auto names = only_sample_frames(symbolizer.build(build_options()));
  ASSERT_EQ(names.size(), 2u);
  EXPECT_THAT(names[0], ::testing::AnyOf("getpid", "__getpid"));
  EXPECT_EQ(names[1], names[0]);
}

// The vDSO has no file: its image is read from the process's memory. Its functions, as nm
// reads them from a dump of the same image, are named.
TEST(Symbolizer, SymbolizesTheVdso) {
  const auto base = static_cast<uint64_t>(getauxval(AT_SYSINFO_EHDR));
  if (base == 0) GTEST_SKIP() << "no vDSO";
  const auto pid = static_cast<uint32_t>(getpid());
  auto maps = read_maps("/proc", pid);
  ASSERT_TRUE(maps.ok());
  uint64_t size = 0;
  for (const auto& entry : *maps)
    if (entry.path == "[vdso]") size = entry.end - entry.start;
  ASSERT_GT(size, 0u);
  TempDir dir;
  const auto dump = dir.path() / "vdso.so";
  std::ofstream(dump, std::ios::binary)
      .write(reinterpret_cast<const char*>(base), static_cast<std::streamsize>(size));
  uint64_t clock_gettime = 0;
  for (const auto& symbol : testing::nm_function_symbols(dump, /*dynamic=*/true))
    if (symbol.name == "__vdso_clock_gettime") clock_gettime = symbol.address;
  ASSERT_NE(clock_gettime, 0u);

  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(pid).ok());
  symbolizer.add(user_sample(pid, {base + clock_gettime + 1}));
  auto profile = symbolizer.build(build_options());
  auto names = only_sample_frames(profile);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_THAT(names[0], ::testing::AnyOf("__vdso_clock_gettime", "clock_gettime"));
  EXPECT_EQ(mapping_of(profile, profile.samples[0], 0).file, "[vdso]");
}

TEST(Symbolizer, PutsPidTidAndThreadNameLabelsOnEverySample) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  auto sample = user_sample(process.pid(), {process.address("ember_lib_spin")});
  sample.tid = process.pid() + 1;
  sample.labels = {{"mode", "user", 0, {}}};
  symbolizer.add(sample);  // never tracked: add() pins on first sight
  auto profile = symbolizer.build(build_options());
  ASSERT_EQ(profile.samples.size(), 1u);
  const auto& labels = profile.samples[0].labels;
  auto find = [&](const std::string& key) {
    for (const auto& label : labels)
      if (label.key == key) return label;
    ADD_FAILURE() << "no label " << key;
    return profile::Label{};
  };
  EXPECT_EQ(find("pid").num, process.pid());
  EXPECT_EQ(find("tid").num, process.pid() + 1);
  EXPECT_EQ(find("thread_name").str, "fixture");
  EXPECT_EQ(find("mode").str, "user");
  EXPECT_EQ(frame_names(profile, profile.samples[0])[0], "ember_lib_spin");
}

TEST(Symbolizer, SymbolizesAfterTheProcessExited) {
  Symbolizer symbolizer;
  uint64_t run = 0;
  {
    FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
    ASSERT_TRUE(process.ready());
    ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
    run = process.address("ember_fixture_run");
    symbolizer.add(user_sample(process.pid(), {process.address("ember_lib_spin"), run + 1}));
    process.kill_and_wait();
  }
  auto profile = symbolizer.build(build_options());
  EXPECT_EQ(only_sample_frames(profile),
            (std::vector<std::string>{"ember_lib_spin", "ember_fixture_run"}));
}

TEST(Symbolizer, SymbolizesADeletedBinary) {
  TempDir dir;
  const auto copy = dir.path() / "deleted_fixture";
  std::filesystem::copy_file(FIXTURE_PIE, copy);
  FixtureProcess process({copy.string(), "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  std::filesystem::remove(copy);
  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
  const uint64_t run = process.address("ember_fixture_run");
  symbolizer.add(user_sample(process.pid(), {run, run + 1}));
  auto profile = symbolizer.build(build_options());
  ASSERT_EQ(only_sample_frames(profile),
            (std::vector<std::string>{"ember_fixture_run", "ember_fixture_run"}));
  const auto& mapping = mapping_of(profile, profile.samples[0], 0);
  EXPECT_EQ(mapping.file, canonical(dir.path().string()) + "/deleted_fixture");
  EXPECT_EQ(mapping.build_id, testing::readelf_build_id(FIXTURE_PIE));
}

// A return address is looked up one byte back: when the call is the last instruction of its
// function, the return address is already the first byte of whatever follows.
TEST(Symbolizer, LooksUpReturnAddressesAtTheCallSite) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  const uint64_t run = process.address("ember_fixture_run");
  uint64_t run_size = 0;
  for (const auto& symbol : testing::nm_function_symbols(FIXTURE_PIE))
    if (symbol.name == "ember_fixture_run") run_size = symbol.size;
  ASSERT_NE(run_size, 0u);
  const uint64_t end = run + run_size;  // first byte after the function
  Symbolizer symbolizer;
  symbolizer.add(user_sample(process.pid(), {end, end}));
  auto profile = symbolizer.build(build_options());
  auto names = only_sample_frames(profile);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_NE(names[0], "ember_fixture_run");
  EXPECT_EQ(names[1], "ember_fixture_run");
}

TEST(Symbolizer, NamesUnknownAddressesWithoutDroppingThem) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
  // An address in no mapping at all, then the leaf once more.
  const uint64_t spin = process.address("ember_lib_spin");
  symbolizer.add(user_sample(process.pid(), {spin, 0x10, spin + 1}));
  auto profile = symbolizer.build(build_options());
  auto names = only_sample_frames(profile);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[1], "[unknown]+0x10");
  EXPECT_EQ(symbolizer.stats().unmapped_frames, 1);
  EXPECT_EQ(symbolizer.stats().unsymbolized_frames, 1);
  EXPECT_EQ(profile.stats.at("unsymbolized_frames"), 1);
}

TEST(Symbolizer, AggregatesEqualSamples) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  auto sample = user_sample(process.pid(), {process.address("ember_lib_spin")});
  sample.values = {3};
  symbolizer.add(sample);
  symbolizer.add(sample);
  sample.time_nanos = 1'000'000'000;  // another time bucket: another sample
  symbolizer.add(sample);
  auto profile = symbolizer.build(build_options());
  ASSERT_EQ(profile.samples.size(), 2u);
  EXPECT_EQ(profile.samples[0].values, std::vector<int64_t>{6});
  EXPECT_EQ(profile.samples[1].values, std::vector<int64_t>{3});
  EXPECT_EQ(profile.samples[1].time_nanos, 1'000'000'000);
}

// The profiles of one recording share a cache: a binary one symbolizer parsed is not parsed
// again for the next (the module count is the cache's), and both name the same frames.
TEST(Symbolizer, SymbolizersSharingACacheParseEachBinaryOnce) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  const auto this_pid = static_cast<uint32_t>(getpid());
  const auto getpid_address = reinterpret_cast<uint64_t>(&::getpid);
  auto cache = std::make_shared<SymbolCache>();
  Symbolizer first({}, cache), second({}, cache), alone;
  first.add(user_sample(process.pid(), {process.address("ember_lib_spin")}));
  first.add(user_sample(this_pid, {getpid_address}));
  expect_valid(first.build(build_options()));
  ASSERT_EQ(first.stats().modules, 2);
  for (Symbolizer* symbolizer : {&second, &alone})
    symbolizer->add(user_sample(process.pid(), {process.address("ember_lib_spin")}));
  const auto shared = second.build(build_options());
  const auto own = alone.build(build_options());
  EXPECT_EQ(second.stats().modules, 2);  // the cache already held both
  EXPECT_EQ(alone.stats().modules, 1);
  EXPECT_EQ(only_sample_frames(shared), std::vector<std::string>{"ember_lib_spin"});
  EXPECT_EQ(only_sample_frames(own), std::vector<std::string>{"ember_lib_spin"});
}

// The collector thread adds while an exporter builds; every build sees a consistent profile.
TEST(Symbolizer, AddAndBuildFromDifferentThreads) {
  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  const uint64_t spin = process.address("ember_lib_spin");
  const uint64_t run = process.address("ember_fixture_run");
  constexpr int kSamples = 2000;
  std::thread collector([&] {
    for (int i = 0; i < kSamples; ++i) {
      auto sample = user_sample(process.pid(), {spin + (i % 7), run + 1});
      sample.time_nanos = (i % 10) * 1'000'000'000LL;
      symbolizer.add(sample);
    }
  });
  for (int i = 0; i < 20; ++i) expect_valid(symbolizer.build(build_options()));
  collector.join();
  auto profile = symbolizer.build(build_options());
  expect_valid(profile);
  int64_t total = 0;
  for (const auto& sample : profile.samples) total += sample.values[0];
  EXPECT_EQ(total, kSamples);
  EXPECT_EQ(profile.samples.size(), 70u);  // 7 distinct leaf addresses x 10 time buckets
}

TEST(Symbolizer, JitFramesFromThePerfMap) {
  FixtureProcess process({FIXTURE_PIE, "jit"});
  ASSERT_TRUE(process.ready());
  const std::string perf_map = "/tmp/perf-" + std::to_string(process.pid()) + ".map";
  const uint64_t code = process.address("jit_code");
  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
  symbolizer.add(user_sample(process.pid(), {code + 0x10, code + 0x40, code + 0x200}));
  auto profile = symbolizer.build(build_options());
  std::filesystem::remove(perf_map);
  auto names = only_sample_frames(profile);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "jit_compiled_function");
  EXPECT_EQ(names[1], "jit_compiled_function");  // return address: looked up at 0x40
  std::ostringstream unknown;
  unknown << "[anon]+0x" << std::hex << code + 0x200;
  EXPECT_EQ(names[2], unknown.str());
}

// The runtime replaced the code at an address (a new line for it in its perf map) between two
// samples: each keeps the name the address had when it was taken.
TEST(Symbolizer, ReplacedJitCodeKeepsTheNameItHadAtEachSample) {
  FixtureProcess process({FIXTURE_PIE, "jit"});
  ASSERT_TRUE(process.ready());
  const std::string perf_map = "/tmp/perf-" + std::to_string(process.pid()) + ".map";
  const uint64_t code = process.address("jit_code");
  Symbolizer symbolizer;
  ASSERT_TRUE(symbolizer.track_process(process.pid()).ok());
  auto before = user_sample(process.pid(), {code + 0x10});
  before.time_nanos = 1'000'000'000;
  symbolizer.add(before);
  std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the map is read again
  {
    std::ofstream map(perf_map, std::ios::app);
    map << std::hex << code << " 40 jit_recompiled_function\n";
  }
  auto after = before;
  after.time_nanos = 2'000'000'000;
  symbolizer.add(after);
  auto profile = symbolizer.build(build_options());
  std::filesystem::remove(perf_map);
  expect_valid(profile);
  ASSERT_EQ(profile.samples.size(), 2u);
  std::map<int64_t, std::string> leaf_by_time;
  for (const auto& sample : profile.samples)
    leaf_by_time[sample.time_nanos] = frame_names(profile, sample).at(0);
  EXPECT_EQ(leaf_by_time[1'000'000'000], "jit_compiled_function");
  EXPECT_EQ(leaf_by_time[2'000'000'000], "jit_recompiled_function");
  EXPECT_EQ(profile.stats.at("perf_map_lines_skipped"), 0);
}

TEST(Symbolizer, KernelFramesComeFirstUnderOneMapping) {
  // A real kernel function from kallsyms (readable: the tests run as root).
  std::ifstream kallsyms("/proc/kallsyms");
  std::string address, type, name;
  uint64_t schedule = 0;
  while (kallsyms >> address >> type >> name) {
    kallsyms.ignore(1 << 20, '\n');
    if (name == "schedule") schedule = std::stoull(address, nullptr, 16);
  }
  if (schedule == 0) GTEST_SKIP() << "kernel addresses are hidden (kptr_restrict)";

  FixtureProcess process({FIXTURE_PIE, "serve", FIXTURE_LIB});
  ASSERT_TRUE(process.ready());
  Symbolizer symbolizer;
  auto sample = user_sample(process.pid(), {process.address("ember_lib_spin")});
  sample.kernel_ips = {schedule + 4, schedule + 1};
  symbolizer.add(sample);
  auto profile = symbolizer.build(build_options());
  expect_valid(profile);
  ASSERT_EQ(profile.samples.size(), 1u);
  const auto& built = profile.samples[0];
  auto names = frame_names(profile, built);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "schedule");
  EXPECT_EQ(names[1], "schedule");
  EXPECT_EQ(names[2], "ember_lib_spin");
  EXPECT_EQ(mapping_of(profile, built, 0).file, "[kernel.kallsyms]");
  const auto& kernel_location = profile.location(built.location_ids[0]);
  EXPECT_EQ(kernel_location.address, schedule + 4);
  EXPECT_EQ(kernel_location.mapping_id, profile.location(built.location_ids[1]).mapping_id);
}

// A /proc of our making: a process whose files are reached only through its root directory,
// as for a process in a container, and whose kernel addresses are hidden.
class FakeProcTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kPid = 4242;

  void SetUp() override {
    std::filesystem::create_directories(pid_dir() / "root/opt/app");
    write(dir_.path() / "kallsyms", "0000000000000000 T _stext\n0000000000000000 T schedule\n");
  }
  std::filesystem::path pid_dir() const { return dir_.path() / std::to_string(kPid); }
  static void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  // Maps the executable segment of `binary` at its link address, as a non-PIE process has it.
  void map_code_of(const std::string& binary, const std::string& path_in_process) {
    std::filesystem::copy_file(binary, pid_dir() / ("root" + path_in_process));
    std::ostringstream maps;
    maps << std::hex << 0x401000 << "-" << 0x402000 << " r-xp 00001000 08:01 77 " << path_in_process
         << "\n";
    write(pid_dir() / "maps", maps.str());
  }
  TempDir dir_;
};

TEST_F(FakeProcTest, OpensFilesThroughTheProcessRoot) {
  // Non-PIE on x86-64 and aarch64: the code segment starts at file offset 0x1000, vaddr
  // 0x401000, so vaddr == runtime address.
  map_code_of(FIXTURE_NOPIE, "/opt/app/fixture");
  uint64_t run = 0;
  for (const auto& symbol : testing::nm_function_symbols(FIXTURE_NOPIE))
    if (symbol.name == "ember_fixture_run") run = symbol.address;
  ASSERT_GE(run, 0x401000u);
  ASSERT_LT(run, 0x402000u);
  Symbolizer symbolizer({dir_.path().string(), true});
  ASSERT_TRUE(symbolizer.track_process(kPid).ok());
  symbolizer.add(user_sample(kPid, {run}));
  auto profile = symbolizer.build(build_options());
  ASSERT_EQ(only_sample_frames(profile), std::vector<std::string>{"ember_fixture_run"});
  EXPECT_EQ(mapping_of(profile, profile.samples[0], 0).file, "/opt/app/fixture");
  EXPECT_EQ(mapping_of(profile, profile.samples[0], 0).build_id,
            testing::readelf_build_id(FIXTURE_NOPIE));
}

// After a dlopen the new library is in no known mapping: add() reads the maps again.
TEST_F(FakeProcTest, RereadsMapsForAddressesInNewMappings) {
  write(pid_dir() / "maps", "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n");
  Symbolizer symbolizer({dir_.path().string(), false});
  ASSERT_TRUE(symbolizer.track_process(kPid).ok());
  write(pid_dir() / "maps",
        "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n"
        "7f0000000000-7f0000001000 r-xp 00000000 08:01 79 /opt/app/two.so\n");
  // add() limits re-reads to a few per second per process.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  symbolizer.add(user_sample(kPid, {0x7f0000000010, 0x401010}));
  auto profile = symbolizer.build(build_options());
  EXPECT_EQ(only_sample_frames(profile), (std::vector<std::string>{"two.so+0x10", "one+0x1010"}));
  EXPECT_EQ(symbolizer.stats().unmapped_frames, 0);
}

// Maps read while the dynamic loader maps a library show its whole span reserved read-only;
// code addresses there belong to the executable segment mapped a moment later, which a sample
// taken before the next (rate-limited) re-read still gets at build().
TEST_F(FakeProcTest, CodeAddressesArePinnedOnlyToExecutableMappings) {
  write(pid_dir() / "maps",
        "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n"
        "7f0000000000-7f0000003000 r--p 00000000 08:01 79 /opt/app/two.so\n");
  Symbolizer symbolizer({dir_.path().string(), false});
  ASSERT_TRUE(symbolizer.track_process(kPid).ok());
  write(pid_dir() / "maps",
        "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n"
        "7f0000000000-7f0000001000 r--p 00000000 08:01 79 /opt/app/two.so\n"
        "7f0000001000-7f0000002000 r-xp 00001000 08:01 79 /opt/app/two.so\n");
  symbolizer.add(user_sample(kPid, {0x7f0000001010, 0x401010}));  // too soon to re-read
  auto profile = symbolizer.build(build_options());
  EXPECT_EQ(only_sample_frames(profile),
            (std::vector<std::string>{"[unknown]+0x7f0000001010", "one+0x1010"}));

  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  symbolizer.add(user_sample(kPid, {0x7f0000001010, 0x401020}));  // re-reads the maps
  profile = symbolizer.build(build_options());
  expect_valid(profile);
  ASSERT_EQ(profile.samples.size(), 2u);
  for (const auto& sample : profile.samples) {
    EXPECT_EQ(frame_names(profile, sample)[0], "two.so+0x1010");
    EXPECT_EQ(mapping_of(profile, sample, 0).start, 0x7f0000001000u);
  }
  EXPECT_EQ(symbolizer.stats().unmapped_frames, 0);
}

// A process exits and a new one gets its PID (with other maps): each one's samples are named
// from its own maps, in the order the pipeline applies the exit and the new image.
TEST_F(FakeProcTest, ANewProcessWithAnExitedOnesPidIsNamedFromItsOwnMaps) {
  auto table = std::make_shared<ProcessTable>(dir_.path().string());
  Symbolizer symbolizer({dir_.path().string(), false}, nullptr, table);
  write(pid_dir() / "maps", "401000-402000 r-xp 00001000 08:01 78 /opt/app/old\n");
  ASSERT_TRUE(table->track(kPid).ok());
  symbolizer.add(user_sample(kPid, {0x401010}));
  symbolizer.add(user_sample(kPid, {0x7f0000000010}));  // in no mapping read yet
  // Its maps read once more before it exits (as for a launched command): the library is there.
  write(pid_dir() / "maps",
        "401000-402000 r-xp 00001000 08:01 78 /opt/app/old\n"
        "7f0000000000-7f0000001000 r-xp 00000000 08:01 80 /opt/app/lib.so\n");
  ASSERT_TRUE(table->track(kPid).ok());
  table->exited(kPid);
  EXPECT_EQ(table->living_processes(), 0u);

  write(pid_dir() / "maps", "401000-402000 r-xp 00001000 08:01 79 /opt/app/new\n");
  table->new_image_seen(kPid);  // the collector saw the new process
  table->apply_seen(kPid);      // its turn in the pipeline
  symbolizer.add(user_sample(kPid, {0x401010}));
  symbolizer.add(user_sample(kPid, {0x7f0000000010}));  // not the old process's library
  // At build, the old process's unpinned frame gets the maps it had before it exited.
  auto profile = symbolizer.build(build_options());
  std::vector<std::string> leaves;
  for (const auto& sample : profile.samples) leaves.push_back(frame_names(profile, sample)[0]);
  EXPECT_EQ(leaves, (std::vector<std::string>{"old+0x1010", "lib.so+0x10", "new+0x1010",
                                              "[unknown]+0x7f0000000010"}));
  EXPECT_EQ(table->processes(), 2);
}

// The loader's change is read when the collector sees it and applies after the samples before.
TEST_F(FakeProcTest, MapsReadAtALoaderChangeApplyAfterTheSamplesBeforeIt) {
  auto table = std::make_shared<ProcessTable>(dir_.path().string());
  Symbolizer symbolizer({dir_.path().string(), false}, nullptr, table);
  write(pid_dir() / "maps", "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n");
  ASSERT_TRUE(table->track(kPid).ok());
  write(pid_dir() / "maps",
        "401000-402000 r-xp 00001000 08:01 78 /opt/app/one\n"
        "7f0000000000-7f0000001000 r-xp 00000000 08:01 80 /opt/app/lib.so\n");
  EXPECT_TRUE(table->loader_changed_seen(kPid));
  EXPECT_FALSE(table->loader_changed_seen(kPid + 1));  // not tracked
  // Not re-read while the change is ahead in the pipeline, whatever the time.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  symbolizer.add(user_sample(kPid, {0x7f0000000010, 0x401010}));
  table->apply_seen(kPid);
  symbolizer.add(user_sample(kPid, {0x7f0000000020, 0x401010}));
  auto profile = symbolizer.build(build_options());
  std::vector<std::string> leaves;
  for (const auto& sample : profile.samples) leaves.push_back(frame_names(profile, sample)[0]);
  // The first gets the library at build (late pinning from the view read since).
  EXPECT_EQ(leaves, (std::vector<std::string>{"lib.so+0x10", "lib.so+0x20"}));
  EXPECT_EQ(table->maps(kPid, false)->size(), 2u);
}

// Many processes mapping the same file hold one descriptor; those that exited are let go.
TEST_F(FakeProcTest, FilesAreOpenOncePerFileAndExitedProcessesAreLetGo) {
  auto table = std::make_shared<ProcessTable>(dir_.path().string());
  constexpr uint32_t kFirst = 5000, kCount = 200;
  for (uint32_t pid = kFirst; pid < kFirst + kCount; ++pid) {
    const auto dir = dir_.path() / std::to_string(pid);
    std::filesystem::create_directories(dir / "root/usr/lib");
    write(dir / "root/usr/lib/libshared.so", "not an ELF file, but a file");
    write(dir / "maps", "7f0000000000-7f0000001000 r-xp 00000000 08:01 90 /usr/lib/libshared.so\n");
    ASSERT_TRUE(table->track(pid).ok());
  }
  EXPECT_EQ(table->living_processes(), kCount);
  EXPECT_EQ(table->open_files(), 1u);
  for (uint32_t pid = kFirst; pid < kFirst + kCount; ++pid) table->exited(pid);
  EXPECT_EQ(table->living_processes(), 0u);
  EXPECT_EQ(table->processes(), kCount);
  // The last few stay for late pinning, and with them the one file.
  EXPECT_LE(table->open_files(), 1u);
}

TEST_F(FakeProcTest, MalformedBinaryGivesUnsymbolizedFrames) {
  write(pid_dir() / "root/opt/app/broken.so", std::string("\x7f"
                                                          "ELF\x02\x01\x01") +
                                                  std::string(4000, '\xee'));
  write(pid_dir() / "maps", "401000-402000 r-xp 00001000 08:01 78 /opt/app/broken.so\n");
  Symbolizer symbolizer({dir_.path().string(), true});
  ASSERT_TRUE(symbolizer.track_process(kPid).ok());
  symbolizer.add(user_sample(kPid, {0x401234}));
  auto profile = symbolizer.build(build_options());
  expect_valid(profile);
  ASSERT_EQ(profile.samples.size(), 1u);
  // Not an ELF file we can read: the name falls back to the file offset.
  EXPECT_EQ(frame_names(profile, profile.samples[0])[0], "broken.so+0x1234");
  EXPECT_EQ(symbolizer.stats().unsymbolized_frames, 1);
}

TEST_F(FakeProcTest, HiddenKernelAddressesLeaveKernelFramesUnsymbolized) {
  Symbolizer symbolizer({dir_.path().string(), true});
  StackSample sample;
  sample.pid = kPid;
  sample.kernel_ips = {0xffffffff81000010};
  sample.values = {1};
  symbolizer.add(sample);
  auto profile = symbolizer.build(build_options());
  EXPECT_EQ(only_sample_frames(profile),
            std::vector<std::string>{"[kernel.kallsyms]+0xffffffff81000010"});
  EXPECT_EQ(symbolizer.stats().unsymbolized_frames, 1);
}

TEST_F(FakeProcTest, TrackingAMissingProcessFails) {
  Symbolizer symbolizer({dir_.path().string(), true});
  auto result = symbolizer.track_process(999999);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("999999"), std::string::npos);
}

}  // namespace
}  // namespace ember::symbolizer
