#include "python_line_table.h"

#include <cstddef>

namespace ember::daemon {

namespace {

// Entry codes (bits 3-6 of an entry's first byte; Objects/locations.md in CPython).
constexpr int kNoColumns = 13;     // a signed line delta, no columns
constexpr int kLongForm = 14;      // line delta, end line delta, start and end columns
constexpr int kNoLocation = 15;    // no location at all
constexpr int kFirstOneLine = 10;  // 10-12: line delta code - 10, then two column bytes

// Reads the table's varints: 6-bit chunks, least significant first, 0x40 = more follow.
class TableReader {
 public:
  explicit TableReader(std::string_view table) : table_(table) {}
  bool done() const { return at_ >= table_.size(); }
  // The next byte when it starts an entry (bit 7 set); false at the end or on garbage.
  bool entry_start(uint8_t& byte) {
    if (done()) return false;
    byte = static_cast<uint8_t>(table_[at_++]);
    return byte & 0x80;
  }
  bool varint(uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 6) {
      if (done()) return false;
      const auto byte = static_cast<uint8_t>(table_[at_]);
      if (byte & 0x80) return false;  // the next entry started early
      ++at_;
      value |= static_cast<uint64_t>(byte & 0x3f) << shift;
      if (!(byte & 0x40)) return true;
    }
    return false;
  }
  bool svarint(int64_t& value) {
    uint64_t raw = 0;
    if (!varint(raw)) return false;
    value = raw & 1 ? -static_cast<int64_t>(raw >> 1) : static_cast<int64_t>(raw >> 1);
    return true;
  }
  bool skip(size_t bytes) {
    for (size_t i = 0; i < bytes; ++i) {
      if (done() || static_cast<uint8_t>(table_[at_]) & 0x80) return false;
      ++at_;
    }
    return true;
  }

 private:
  std::string_view table_;
  size_t at_ = 0;
};

// Reads the rest of an entry with code `code`: its line delta, and whether it has a location.
bool read_entry(TableReader& reader, int code, int64_t& delta, bool& located) {
  delta = 0;
  located = code != kNoLocation;
  uint64_t ignored = 0;
  switch (code) {
    case kNoLocation:
      return true;
    case kLongForm:
      return reader.svarint(delta) && reader.varint(ignored) && reader.varint(ignored) &&
             reader.varint(ignored);
    case kNoColumns:
      return reader.svarint(delta);
    default:
      if (code >= kFirstOneLine) {
        delta = code - kFirstOneLine;
        return reader.skip(2);
      }
      return reader.skip(1);  // short forms: same line, one column byte
  }
}

}  // namespace

int64_t python_line_of(std::string_view table, int64_t first_line, uint32_t instruction) {
  TableReader reader(table);
  int64_t line = first_line;
  int64_t shown = 0;  // the line of the last entry with a location
  uint64_t start = 0;
  uint8_t byte = 0;
  while (reader.entry_start(byte)) {
    const int code = (byte >> 3) & 0x0f;
    const uint64_t length = (byte & 0x07) + 1;
    int64_t delta = 0;
    bool located = false;
    if (!read_entry(reader, code, delta, located)) break;
    line += delta;
    if (located) shown = line;
    if (instruction < start + length) return shown;
    start += length;
  }
  return shown;
}

}  // namespace ember::daemon
