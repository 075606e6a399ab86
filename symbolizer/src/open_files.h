// The mapped files a process table holds open, one descriptor per file however many processes
// map it (every process maps libc), so open descriptors grow with distinct files, not with
// processes. A file is known by its device and inode: while a descriptor is held, its inode
// cannot be reused for another file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"

namespace ember::symbolizer {

class OpenFiles {
 public:
  // The file of executable mapping `entry` of process `pid`, opened as mapped_file.h says
  // unless it is open already; null when it cannot be opened. Released when the last holder
  // lets go.
  std::shared_ptr<const UniqueFd> open(const std::string& proc_root, uint32_t pid,
                                       const MapsEntry& entry);
  // The vDSO copied from process `pid`'s memory [start, end): one copy per distinct image.
  std::shared_ptr<const UniqueFd> vdso(const std::string& proc_dir, uint64_t start, uint64_t end);

  // Descriptors held now.
  size_t size() const;

 private:
  void forget_released();

  using FileKey = std::tuple<uint32_t, uint32_t, uint64_t>;  // device major, minor, inode
  std::map<FileKey, std::weak_ptr<const UniqueFd>> files_;
  std::map<std::string, std::weak_ptr<const UniqueFd>> vdso_images_;  // by content
  size_t forget_at_ = 64;  // size at which released entries are dropped from the maps
};

}  // namespace ember::symbolizer
