#include "alloc_sampler_path.h"

#include <filesystem>

namespace ember::daemon {

Result<std::string> alloc_sampler_path() {
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto beside = executable.parent_path() / EMBER_ALLOC_SAMPLER_NAME;
    if (std::filesystem::is_regular_file(beside, error)) return beside.string();
  }
  if (std::filesystem::is_regular_file(EMBER_ALLOC_SAMPLER_BUILT, error))
    return std::string(EMBER_ALLOC_SAMPLER_BUILT);
  return make_error(std::string("the allocation sampler ") + EMBER_ALLOC_SAMPLER_NAME +
                    " is missing: install it next to the ember executable, or record with "
                    "--alloc-sample 0 (memory growth only)");
}

}  // namespace ember::daemon
