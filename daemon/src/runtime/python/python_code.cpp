#include "python_code.h"

#include <algorithm>

namespace ember::daemon {

namespace {

// Longest name or file name kept, in characters, and longest location table, in bytes.
constexpr int64_t kMaxStringLength = 1024;
constexpr int64_t kMaxLineTable = 1 << 20;

void append_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xc0 | c >> 6));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | c >> 12));
    out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (c >> 18 & 0x07)));
    out.push_back(static_cast<char>(0x80 | (c >> 12 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
}

// A str object as UTF-8: compact strings only (what the compiler makes names and file names).
std::optional<std::string> read_string(const ProcessMemory& memory, const PythonLayout& layout,
                                       uint64_t object) {
  const auto length = memory.read<int64_t>(object + layout.string_length);
  const auto state = memory.read<uint32_t>(object + layout.string_state);
  if (!object || !length || !state || *length < 0) return std::nullopt;
  const uint32_t kind = (*state >> 2) & 7, compact = (*state >> 5) & 1, ascii = (*state >> 6) & 1;
  if (!compact || (kind != 1 && kind != 2 && kind != 4)) return std::nullopt;
  const int64_t characters = std::min(*length, kMaxStringLength);
  const uint64_t data = object + (ascii ? layout.string_ascii_data : layout.string_compact_data);
  auto raw = memory.read_bytes(data, static_cast<size_t>(characters) * kind);
  if (!raw) return std::nullopt;
  if (ascii) return raw;
  std::string text;
  for (int64_t i = 0; i < characters; ++i) {
    uint32_t c = 0;
    for (uint32_t byte = 0; byte < kind; ++byte)
      c |= static_cast<uint32_t>(static_cast<uint8_t>((*raw)[i * kind + byte])) << (8 * byte);
    append_utf8(text, c);
  }
  return text;
}

std::optional<std::string> read_bytes_object(const ProcessMemory& memory,
                                             const PythonLayout& layout, uint64_t object) {
  const auto size = memory.read<int64_t>(object + layout.bytes_size);
  if (!object || !size || *size < 0 || *size > kMaxLineTable) return std::nullopt;
  return memory.read_bytes(object + layout.bytes_data, static_cast<size_t>(*size));
}

}  // namespace

std::optional<PythonCode> read_python_code(const ProcessMemory& memory, const PythonLayout& layout,
                                           uint64_t address) {
  const ember_python_process& walk = layout.walk;
  const auto type = memory.read<uint64_t>(address + 8);
  const auto argcount = memory.read<uint32_t>(address + walk.code_argcount);
  const auto flags = memory.read<uint32_t>(address + walk.code_flags);
  const auto first_line = memory.read<uint32_t>(address + walk.code_firstlineno);
  const auto filename = memory.read<uint64_t>(address + layout.code_filename);
  const auto qualname = memory.read<uint64_t>(address + layout.code_qualname);
  const auto name = memory.read<uint64_t>(address + layout.code_name);
  const auto table = memory.read<uint64_t>(address + layout.code_linetable);
  if (!type || *type != walk.code_type || !argcount || !flags || !first_line || !filename ||
      !qualname || !name || !table)
    return std::nullopt;
  PythonCode code;
  code.check = ember_python_code_check(*argcount, *flags, *first_line);
  code.first_line = static_cast<int32_t>(*first_line);
  auto qualified = read_string(memory, layout, *qualname);
  if (!qualified) qualified = read_string(memory, layout, *name);
  auto file = read_string(memory, layout, *filename);
  auto line_table = read_bytes_object(memory, layout, *table);
  if (!qualified || !file || !line_table) return std::nullopt;
  code.qualified_name = std::move(*qualified);
  code.file = std::move(*file);
  code.line_table = std::move(*line_table);
  return code;
}

}  // namespace ember::daemon
