#include "open_files.h"

#include "ember/symbolizer/mapped_file.h"
#include "vdso_image.h"

namespace ember::symbolizer {
namespace {

// Drops the entries whose descriptor every holder has let go.
template <typename Map>
void erase_released(Map& map) {
  std::erase_if(map, [](const auto& entry) { return entry.second.expired(); });
}

}  // namespace

std::shared_ptr<const UniqueFd> OpenFiles::open(const std::string& proc_root, uint32_t pid,
                                                const MapsEntry& entry) {
  std::weak_ptr<const UniqueFd>& known =
      files_[FileKey{entry.dev_major, entry.dev_minor, entry.inode}];
  if (auto file = known.lock()) return file;
  UniqueFd fd = open_mapped_file(proc_root, pid, entry);
  if (!fd.valid()) return nullptr;
  auto file = std::make_shared<const UniqueFd>(std::move(fd));
  known = file;
  forget_released();
  return file;
}

std::shared_ptr<const UniqueFd> OpenFiles::vdso(const std::string& proc_dir, uint64_t start,
                                                uint64_t end) {
  std::optional<std::string> image = read_vdso(proc_dir, start, end);
  if (!image) return nullptr;
  std::weak_ptr<const UniqueFd>& known = vdso_images_[*image];
  if (auto file = known.lock()) return file;
  auto file = vdso_file(*image);
  known = file;
  forget_released();
  return file;
}

size_t OpenFiles::size() const {
  size_t open = 0;
  for (const auto& [key, file] : files_) open += !file.expired();
  for (const auto& [image, file] : vdso_images_) open += !file.expired();
  return open;
}

// Amortized: a sweep each time the maps have doubled since the last one.
void OpenFiles::forget_released() {
  if (files_.size() + vdso_images_.size() < forget_at_) return;
  erase_released(files_);
  erase_released(vdso_images_);
  forget_at_ = 2 * (files_.size() + vdso_images_.size()) + 64;
}

}  // namespace ember::symbolizer
