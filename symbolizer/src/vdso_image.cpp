#include "vdso_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace ember::symbolizer {
namespace {

// A vDSO is a few pages; a bigger [vdso] mapping is not one we should copy.
constexpr uint64_t kMaxVdsoBytes = 1 << 20;

}  // namespace

std::optional<std::string> read_vdso(const std::string& proc_dir, uint64_t start, uint64_t end) {
  if (end <= start || end - start > kMaxVdsoBytes) return std::nullopt;
  UniqueFd memory(::open((proc_dir + "/mem").c_str(), O_RDONLY | O_CLOEXEC));
  if (!memory.valid()) return std::nullopt;
  std::string bytes(end - start, '\0');
  // /proc/PID/mem is addressed by virtual address; the vDSO never changes, so one read will do.
  ssize_t n = ::pread(memory.get(), bytes.data(), bytes.size(), static_cast<off_t>(start));
  if (n != static_cast<ssize_t>(bytes.size())) return std::nullopt;
  return bytes;
}

std::shared_ptr<const UniqueFd> vdso_file(const std::string& image) {
  UniqueFd copy(::memfd_create("vdso", MFD_CLOEXEC));
  if (!copy.valid()) return nullptr;
  if (::write(copy.get(), image.data(), image.size()) != static_cast<ssize_t>(image.size()))
    return nullptr;
  return std::make_shared<const UniqueFd>(std::move(copy));
}

}  // namespace ember::symbolizer
