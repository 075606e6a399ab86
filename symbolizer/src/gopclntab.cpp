#include "gopclntab.h"

#include <algorithm>
#include <cstring>

namespace ember::symbolizer {
namespace {

constexpr uint32_t kMagic116 = 0xfffffffa;
constexpr uint32_t kMagic118 = 0xfffffff0;
constexpr uint32_t kMagic120 = 0xfffffff1;
constexpr uint32_t kPcdataInlineTreeIndex = 2;  // _PCDATA_InlTreeIndex
constexpr uint32_t kFuncdataInlineTree = 3;     // _FUNCDATA_InlTree
constexpr uint32_t kNoOffset = 0xffffffff;
// Real inline chains are a few deep; a corrupt tree could loop through parentPc forever.
constexpr int kMaxInlineDepth = 64;
constexpr size_t kMaxNameBytes = 4096;
// Go has a handful of PCDATA tables per function.
constexpr uint32_t kMaxPcdata = 64;
// moduledata's gofunc field, in pointers from its start: after pcHeader, six slices,
// findfunctab, minpc..enoptrbss (12), end, gcdata, gcbss, types, etypes, rodata; Go 1.20
// added covctrs and ecovctrs before end.
constexpr uint64_t kGofuncField118 = 38;
constexpr uint64_t kGofuncField120 = 40;

}  // namespace

// The fields of one _func record that symbolization needs.
struct GoPclntab::Record {
  uint64_t offset = 0;  // image offset of the record
  uint64_t fixed_size = 0;
  uint64_t entry = 0;
  int32_t name_offset = 0;
  uint32_t pcsp = 0;
  uint32_t pcfile = 0;
  uint32_t pcln = 0;
  uint32_t npcdata = 0;
  uint32_t cu_offset = 0;
  int64_t start_line = 0;
  uint8_t func_id = 0;
  uint8_t nfuncdata = 0;
};

std::optional<uint64_t> GoPclntab::read(uint64_t offset, size_t width) const {
  if (offset > image_.bytes.size() || image_.bytes.size() - offset < width) return std::nullopt;
  uint64_t value = 0;
  std::memcpy(&value, image_.bytes.data() + offset, width);  // little-endian, as x86-64
  return value;
}

std::optional<uint64_t> GoPclntab::image_offset(uint64_t vaddr) const {
  if (vaddr < image_.vaddr || vaddr - image_.vaddr >= image_.bytes.size()) return std::nullopt;
  return vaddr - image_.vaddr;
}

std::optional<std::string> GoPclntab::name(int32_t name_offset) const {
  if (name_offset < 0) return std::nullopt;
  return c_string(names_ + static_cast<uint64_t>(name_offset));
}

std::optional<std::string> GoPclntab::c_string(uint64_t start) const {
  if (start >= image_.bytes.size()) return std::nullopt;
  const size_t limit = std::min(kMaxNameBytes, image_.bytes.size() - start);
  const auto* begin = reinterpret_cast<const char*>(image_.bytes.data() + start);
  const void* nul = std::memchr(begin, '\0', limit);
  if (!nul || nul == begin) return std::nullopt;
  return std::string(begin, static_cast<const char*>(nul));
}

std::optional<GoPclntab::Record> GoPclntab::record(const Function& function) const {
  Record r;
  r.offset = function.offset;
  // Go 1.16 starts the record with a pointer-sized entry pc, later versions with a 32-bit
  // offset from the text start.
  const uint64_t base = version_ == Version::k116 ? pointer_size_ : 4;
  const uint64_t nfuncdata_at = base + (version_ == Version::k120 ? 39 : 35);
  r.fixed_size = nfuncdata_at + 1;
  auto name_offset = read(r.offset + base, 4);
  auto pcsp = read(r.offset + base + 12, 4);
  auto pcfile = read(r.offset + base + 16, 4);
  auto pcln = read(r.offset + base + 20, 4);
  auto npcdata = read(r.offset + base + 24, 4);
  auto cu_offset = read(r.offset + base + 28, 4);
  auto nfuncdata = read(r.offset + nfuncdata_at, 1);
  auto func_id = read(r.offset + nfuncdata_at - 3, 1);
  if (!name_offset || !pcsp || !pcfile || !pcln || !npcdata || !cu_offset || !nfuncdata || !func_id)
    return std::nullopt;
  r.pcsp = static_cast<uint32_t>(*pcsp);
  r.func_id = static_cast<uint8_t>(*func_id);
  r.entry = function.entry;
  r.name_offset = static_cast<int32_t>(*name_offset);
  r.pcfile = static_cast<uint32_t>(*pcfile);
  r.pcln = static_cast<uint32_t>(*pcln);
  r.npcdata = static_cast<uint32_t>(*npcdata);
  r.cu_offset = static_cast<uint32_t>(*cu_offset);
  r.nfuncdata = static_cast<uint8_t>(*nfuncdata);
  if (version_ == Version::k120) {
    if (auto start_line = read(r.offset + base + 32, 4))
      r.start_line = static_cast<int32_t>(*start_line);
  }
  return r;
}

bool GoPclntab::sound(const Record& record) const {
  // Offsets into the tables, in bounds; a corrupt record would give wrong lines, not none.
  const uint64_t pc_table_size = functab_ - pc_tables_;
  const uint64_t cu_entries = (files_ - cu_) / 4;
  if (!name(record.name_offset) || record.pcfile >= pc_table_size || record.pcln >= pc_table_size ||
      (record.pcfile != 0 && record.cu_offset >= cu_entries) || record.npcdata > kMaxPcdata)
    return false;
  for (uint32_t i = 0; i < record.npcdata; ++i) {
    auto table = read(record.offset + record.fixed_size + i * 4, 4);
    if (!table || *table >= pc_table_size) return false;
  }
  if (version_ == Version::k116) return true;
  for (uint32_t i = 0; i < record.nfuncdata; ++i) {
    auto offset = read(record.offset + record.fixed_size + (record.npcdata + i) * 4, 4);
    if (!offset || (*offset != kNoOffset && *offset >= image_.bytes.size())) return false;
  }
  return true;
}

// Go's pcvalue: a table of (value delta, pc delta) varint pairs from the function's entry;
// the value in force at `pc`, or nothing when the table does not cover it.
std::optional<int64_t> GoPclntab::pc_value(const Function& function, uint32_t table,
                                           uint64_t pc) const {
  if (table == 0) return std::nullopt;
  uint64_t p = pc_tables_ + table;
  auto varint = [&](uint32_t& out) {
    out = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      auto byte = read(p++, 1);
      if (!byte) return false;
      out |= static_cast<uint32_t>(*byte & 0x7f) << shift;
      if (!(*byte & 0x80)) return true;
    }
    return false;
  };
  int64_t value = -1;
  uint64_t at = function.entry;
  for (bool first = true; at < function.end; first = false) {
    uint32_t value_delta = 0;
    uint32_t pc_delta = 0;
    if (!varint(value_delta) || (value_delta == 0 && !first)) return std::nullopt;
    // Zig-zag: the low bit is the sign.
    value += (value_delta & 1) ? -static_cast<int64_t>((value_delta + 1) >> 1)
                               : static_cast<int64_t>(value_delta >> 1);
    if (!varint(pc_delta)) return std::nullopt;
    at += static_cast<uint64_t>(pc_delta) * quantum_;
    if (pc < at) return value;
  }
  return std::nullopt;
}

ResolvedFrame GoPclntab::frame(const Record& record, int32_t name_offset, uint64_t pc,
                               int64_t start_line) const {
  const Function function{record.entry, UINT64_MAX, record.offset};
  ResolvedFrame frame;
  frame.name = frame.system_name = name(name_offset).value_or("?");
  frame.symbolized = true;
  frame.start_line = start_line;
  if (auto line = pc_value(function, record.pcln, pc); line && *line > 0) frame.line = *line;
  auto file_index = pc_value(function, record.pcfile, pc);
  if (file_index && *file_index >= 0) {
    auto file_offset = read(cu_ + (uint64_t{record.cu_offset} + *file_index) * 4, 4);
    if (file_offset && *file_offset != kNoOffset)
      frame.file = c_string(files_ + *file_offset).value_or("");
  }
  return frame;
}

std::optional<uint64_t> GoPclntab::inline_tree(const Record& record) const {
  if (record.nfuncdata <= kFuncdataInlineTree) return std::nullopt;
  uint64_t funcdata = record.offset + record.fixed_size + uint64_t{record.npcdata} * 4;
  if (version_ == Version::k116) {
    // Pointers, aligned in memory.
    if (pointer_size_ == 8 && (image_.vaddr + funcdata) % 8 != 0) funcdata += 4;
    auto address = read(funcdata + kFuncdataInlineTree * pointer_size_, pointer_size_);
    if (!address || *address == 0) return std::nullopt;
    return image_offset(*address);
  }
  auto offset = read(funcdata + kFuncdataInlineTree * 4, 4);
  if (!offset || *offset == kNoOffset || !inline_base_) return std::nullopt;
  return image_offset(*inline_base_ + *offset);
}

const GoPclntab::Function* GoPclntab::find(uint64_t pc) const {
  auto above = std::upper_bound(functions_.begin(), functions_.end(), pc,
                                [](uint64_t a, const Function& f) { return a < f.entry; });
  if (above == functions_.begin()) return nullptr;
  const Function& function = *(above - 1);
  return pc < function.end ? &function : nullptr;
}

std::optional<uint64_t> GoPclntab::return_address_offset(uint64_t pc) const {
  const Function* function = find(pc);
  if (!function) return std::nullopt;
  auto record = this->record(*function);
  if (!record || record->pcsp >= functab_ - pc_tables_) return std::nullopt;
  auto delta = pc_value(*function, record->pcsp, pc);
  if (!delta || *delta < 0) return std::nullopt;
  return static_cast<uint64_t>(*delta);
}

std::vector<ResolvedFrame> GoPclntab::frames_at(uint64_t pc) const {
  const Function* function = find(pc);
  if (!function) return {};
  auto record = this->record(*function);
  if (!record) return {};
  std::vector<ResolvedFrame> frames;
  std::optional<uint64_t> index_table;
  if (record->npcdata > kPcdataInlineTreeIndex)
    index_table = read(record->offset + record->fixed_size + kPcdataInlineTreeIndex * 4, 4);
  auto inlined_at = [&](uint64_t at) -> std::optional<int64_t> {
    if (!index_table) return std::nullopt;
    auto index = pc_value(*function, static_cast<uint32_t>(*index_table), at);
    return index && *index >= 0 ? index : std::nullopt;
  };
  auto tree = inline_tree(*record);
  if (!tree && inlined_at(pc)) {
    // Inlined code whose tree is unreadable: the tables give the inlinee's file and line,
    // which must not be shown as the function's own.
    ResolvedFrame outer = frame(*record, record->name_offset, pc, record->start_line);
    outer.file.clear();
    outer.line = 0;
    return {outer};
  }
  const uint64_t call_size = version_ == Version::k120 ? 16 : 20;
  const bool v120 = version_ == Version::k120;
  // Go's profiler leaves compiler-generated wrappers out of stacks (gentraceback's
  // elideWrapperCalling), and so do we: if nothing else is left, the wrapper stays, marked,
  // and the stack leaves its location out.
  std::optional<ResolvedFrame> wrapper;
  auto add = [&](ResolvedFrame frame, uint8_t func_id) {
    if (wrapper_id_ && func_id == *wrapper_id_)
      wrapper = std::move(frame);
    else
      frames.push_back(std::move(frame));
  };
  // Each inlined call names the inlinee and the pc, in the caller's code, that stands for the
  // call site; the tables there give the caller's position.
  for (int depth = 0; tree && depth < kMaxInlineDepth; ++depth) {
    auto index = inlined_at(pc);
    if (!index) break;
    const uint64_t call = *tree + static_cast<uint64_t>(*index) * call_size;
    auto func_id = read(call + (v120 ? 0 : 2), 1);
    auto name_offset = read(call + (v120 ? 4 : 12), 4);
    auto parent_pc = read(call + (v120 ? 8 : 16), 4);
    if (!func_id || !name_offset || !parent_pc) break;
    const int64_t start_line = v120 ? static_cast<int32_t>(read(call + 12, 4).value_or(0)) : 0;
    add(frame(*record, static_cast<int32_t>(*name_offset), pc, start_line),
        static_cast<uint8_t>(*func_id));
    const uint64_t parent = function->entry + static_cast<uint32_t>(*parent_pc);
    if (parent >= function->end || parent == pc) break;
    pc = parent;
  }
  add(frame(*record, record->name_offset, pc, record->start_line), record->func_id);
  if (frames.empty() && wrapper) {
    wrapper->go_wrapper = true;
    frames.push_back(std::move(*wrapper));
  }
  return frames;
}

std::shared_ptr<const GoPclntab> GoPclntab::parse(GoSegment rodata, uint64_t table_vaddr,
                                                  std::span<const GoSegment> data) {
  auto table = std::make_shared<GoPclntab>();
  GoPclntab& t = *table;
  t.image_ = std::move(rodata);
  auto header = t.image_offset(table_vaddr);
  if (!header) return nullptr;
  const uint64_t h = *header;
  auto magic = t.read(h, 4);
  auto pads = t.read(h + 4, 2);
  auto quantum = t.read(h + 6, 1);
  auto pointer_size = t.read(h + 7, 1);
  if (!magic || !pads || *pads != 0 || !quantum || !pointer_size) return nullptr;
  if (*magic == kMagic116)
    t.version_ = Version::k116;
  else if (*magic == kMagic118)
    t.version_ = Version::k118;
  else if (*magic == kMagic120)
    t.version_ = Version::k120;
  else
    return nullptr;
  if ((*quantum != 1 && *quantum != 2 && *quantum != 4) ||
      (*pointer_size != 4 && *pointer_size != 8))
    return nullptr;
  t.quantum_ = static_cast<unsigned>(*quantum);
  const unsigned p = t.pointer_size_ = static_cast<unsigned>(*pointer_size);
  // nfunc, nfiles, [textStart], then the offsets of the five tables from the header.
  std::vector<uint64_t> fields;
  const size_t field_count = t.version_ == Version::k116 ? 7 : 8;
  for (size_t i = 0; i < field_count; ++i) {
    auto field = t.read(h + 8 + i * p, p);
    if (!field) return nullptr;
    fields.push_back(*field);
  }
  const uint64_t nfunc = fields[0];
  const uint64_t text_start = t.version_ == Version::k116 ? 0 : fields[2];
  const size_t first_offset = field_count - 5;
  uint64_t* tables[] = {&t.names_, &t.cu_, &t.files_, &t.pc_tables_, &t.functab_};
  for (size_t i = 0; i < 5; ++i) {
    const uint64_t offset = fields[first_offset + i];
    if (offset >= t.image_.bytes.size() - h) return nullptr;
    *tables[i] = h + offset;
  }
  if (!(t.names_ <= t.cu_ && t.cu_ <= t.files_ && t.files_ <= t.pc_tables_ &&
        t.pc_tables_ <= t.functab_))
    return nullptr;

  // The function table: nfunc (entry, record offset) pairs and a closing entry, the end pc.
  const uint64_t entry_size = t.version_ == Version::k116 ? 2 * uint64_t{p} : 8;
  const uint64_t field_size = entry_size / 2;
  const uint64_t readable = (t.image_.bytes.size() - t.functab_) / entry_size;
  const uint64_t listed = std::min(nfunc, readable > 0 ? readable - 1 : 0);
  t.skipped_ = static_cast<int64_t>(std::min<uint64_t>(nfunc - listed, INT64_MAX));
  // A pair is sound when its record repeats its entry pc (a cheap check that it points at a
  // real record) and its name reads. A function's end is the next pair's entry, so it is
  // trusted only when that pair is sound too (or is the closing entry).
  auto entry_at = [&](uint64_t i) {
    return text_start + *t.read(t.functab_ + i * entry_size, field_size);
  };
  auto sound = [&](uint64_t i) {
    const uint64_t offset =
        t.functab_ + *t.read(t.functab_ + i * entry_size + field_size, field_size);
    auto own_entry = t.read(offset, t.version_ == Version::k116 ? p : 4);
    auto record = t.record({entry_at(i), 0, offset});
    const bool ok =
        own_entry && text_start + *own_entry == entry_at(i) && record && t.sound(*record);
    return ok ? offset : 0;  // records follow the header: 0 is no record's offset
  };
  t.functions_.reserve(listed);
  uint8_t max_func_id = 0;
  uint64_t offset = listed > 0 ? sound(0) : 0;
  for (uint64_t i = 0; i < listed; ++i) {
    const uint64_t next = i + 1 < listed ? sound(i + 1) : 0;
    const bool end_sound = i + 1 == listed || next != 0;
    const uint64_t entry = entry_at(i);
    const uint64_t end = entry_at(i + 1);
    const bool ordered = entry < end && (t.functions_.empty() || entry >= t.functions_.back().end);
    if (offset && end_sound && ordered) {
      t.functions_.push_back({entry, end, offset});
      max_func_id = std::max(max_func_id, t.record(t.functions_.back())->func_id);
    } else
      ++t.skipped_;
    offset = next;
  }
  // funcID_wrapper is the last of Go's function kinds in every release from 1.16 on (its
  // number moves as kinds are added), and every Go binary has wrappers.
  if (max_func_id > 0) t.wrapper_id_ = max_func_id;

  // From Go 1.18 inline trees are offsets into go:func.*, whose address only moduledata
  // holds: find it by its first two fields, the header's address and the name table's.
  if (t.version_ != Version::k116) {
    const uint64_t gofunc_field = t.version_ == Version::k120 ? kGofuncField120 : kGofuncField118;
    const uint64_t names_vaddr = table_vaddr + (t.names_ - h);
    for (const GoSegment& segment : data) {
      const auto& bytes = segment.bytes;
      for (uint64_t at = 0; !t.inline_base_ && at + (gofunc_field + 1) * p <= bytes.size();
           at += p) {
        uint64_t first = 0;
        uint64_t second = 0;
        std::memcpy(&first, bytes.data() + at, p);
        if (first != table_vaddr) continue;
        std::memcpy(&second, bytes.data() + at + p, p);
        if (second != names_vaddr) continue;
        uint64_t gofunc = 0;
        std::memcpy(&gofunc, bytes.data() + at + gofunc_field * p, p);
        if (t.image_offset(gofunc)) t.inline_base_ = gofunc;
      }
    }
  }
  return table;
}

}  // namespace ember::symbolizer
