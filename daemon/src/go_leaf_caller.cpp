#include "go_leaf_caller.h"

#include <algorithm>
#include <cstring>

#include "ember/symbolizer/mapped_file.h"

namespace ember::daemon {
namespace {

// Files looked at, Go or not, kept at once; beyond this the cache starts over.
constexpr size_t kMaxFiles = 256;

const symbolizer::MapsEntry* mapping_at(const std::vector<symbolizer::MapsEntry>& maps,
                                        uint64_t address) {
  auto above = std::upper_bound(
      maps.begin(), maps.end(), address,
      [](uint64_t a, const symbolizer::MapsEntry& entry) { return a < entry.start; });
  if (above == maps.begin()) return nullptr;
  const symbolizer::MapsEntry& entry = *(above - 1);
  return address < entry.end && entry.executable ? &entry : nullptr;
}

}  // namespace

GoLeafCaller::GoLeafCaller(std::shared_ptr<symbolizer::ProcessTable> processes)
    : processes_(std::move(processes)) {}

const symbolizer::GoFrameSizes* GoLeafCaller::frame_sizes(uint32_t pid,
                                                          const symbolizer::MapsEntry& mapping) {
  auto key = std::make_tuple(mapping.dev_major, mapping.dev_minor, mapping.inode, mapping.path);
  if (auto it = files_.find(key); it != files_.end()) return it->second.get();
  if (files_.size() >= kMaxFiles) files_.clear();
  UniqueFd fd = symbolizer::open_mapped_file(processes_->proc_root(), pid, mapping);
  auto sizes = fd.valid() ? symbolizer::GoFrameSizes::read(fd.get()) : nullptr;
  return files_.emplace(key, std::move(sizes)).first->second.get();
}

bool GoLeafCaller::restore(const UserStackCopy& copy, std::vector<uint64_t>& ips) {
  if (ips.empty() || !processes_) return false;
  auto maps = processes_->maps(copy.pid, false);
  if (!maps) return false;
  const symbolizer::MapsEntry* leaf = mapping_at(*maps, ips[0]);
  if (!leaf || !leaf->is_file()) return false;
  const symbolizer::GoFrameSizes* sizes = frame_sizes(copy.pid, *leaf);
  if (!sizes) return false;
  auto offset = sizes->return_address_offset(ips[0] - leaf->start + leaf->offset);
  if (!offset || *offset > copy.stack.size() || copy.stack.size() - *offset < 8) return false;
  uint64_t return_address = 0;
  std::memcpy(&return_address, copy.stack.data() + *offset, sizeof return_address);
  if (ips.size() > 1 && ips[1] == return_address) return false;
  // A return address follows a call, in code.
  if (return_address == 0 || !mapping_at(*maps, return_address - 1)) return false;
  ips.insert(ips.begin() + 1, return_address);
  return true;
}

}  // namespace ember::daemon
