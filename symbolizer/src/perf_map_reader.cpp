#include "perf_map_reader.h"

#include <fcntl.h>

#include <iterator>

#include "perf_map.h"
#include "text_lines.h"

namespace ember::symbolizer {
namespace {

// A map being appended is read again after this long at the earliest: reads cost a system call
// or two, and code replaced within this window may be named by its predecessor.
constexpr auto kMinReadInterval = std::chrono::milliseconds(2);

// JIT perf maps grow with the program; beyond this, the rest is not read.
constexpr uint64_t kMaxBytes = 256 * 1024 * 1024;

}  // namespace

PerfMapReader::PerfMapReader(std::string path) : path_(std::move(path)) {}

uint32_t PerfMapReader::catch_up(bool force) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_read_ < kMinReadInterval) return epoch_;
  last_read_ = now;
  if (!fd_.valid()) fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  char buffer[65536];
  while (fd_.valid() && offset_ < kMaxBytes) {
    const ssize_t got = pread(fd_.get(), buffer, sizeof buffer, static_cast<off_t>(offset_));
    if (got <= 0) break;
    offset_ += static_cast<uint64_t>(got);
    append_locked({buffer, static_cast<size_t>(got)});
  }
  return epoch_;
}

void PerfMapReader::append(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  append_locked(bytes);
}

void PerfMapReader::append_locked(std::string_view bytes) {
  const size_t last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos) {
    partial_.append(bytes);
    return;
  }
  partial_.append(bytes.substr(0, last_newline + 1));
  for_each_line(partial_, [this](std::string_view line) { add_line_locked(line); });
  partial_.assign(bytes.substr(last_newline + 1));
}

void PerfMapReader::add_line_locked(std::string_view line) {
  Symbol symbol;
  if (!parse_perf_map_line(line, symbol) || symbol.size == 0 ||
      symbol.size > UINT64_MAX - symbol.address) {
    ++skipped_;
    return;
  }
  add_entry_locked(std::move(symbol));
}

void PerfMapReader::split_locked(uint64_t address) {
  auto above = segments_.upper_bound(address);
  if (above == segments_.begin()) return;
  auto& [start, segment] = *std::prev(above);
  if (start < address && address < segment.limit) {
    segments_.emplace_hint(above, address, Segment{segment.limit, segment.versions});
    segment.limit = address;
  }
}

void PerfMapReader::add_entry_locked(Symbol symbol) {
  const uint64_t start = symbol.address, limit = symbol.address + symbol.size;
  split_locked(start);
  split_locked(limit);
  auto it = segments_.lower_bound(start);
  // Code where other code was: samples from now on belong to a new epoch.
  if (it != segments_.end() && it->first < limit) ++epoch_;
  const auto index = static_cast<uint32_t>(entries_.size());
  entries_.push_back({std::move(symbol), epoch_});
  for (uint64_t cursor = start; cursor < limit;) {
    if (it != segments_.end() && it->first == cursor) {
      it->second.versions.push_back(index);
      cursor = it->second.limit;
      ++it;
    } else {
      const uint64_t gap_end = it != segments_.end() && it->first < limit ? it->first : limit;
      segments_.emplace_hint(it, cursor, Segment{gap_end, {index}});
      cursor = gap_end;
    }
  }
}

std::optional<Symbol> PerfMapReader::find(uint64_t address, uint32_t epoch) const {
  std::lock_guard lock(mutex_);
  auto above = segments_.upper_bound(address);
  if (above == segments_.begin()) return std::nullopt;
  const auto& [start, segment] = *std::prev(above);
  if (address >= segment.limit) return std::nullopt;
  uint32_t chosen = segment.versions.front();
  for (uint32_t version : segment.versions)
    if (entries_[version].epoch <= epoch) chosen = version;
  return entries_[chosen].symbol;
}

int64_t PerfMapReader::skipped_lines() const {
  std::lock_guard lock(mutex_);
  return skipped_;
}

int64_t PerfMapReader::entries() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(entries_.size());
}

}  // namespace ember::symbolizer
