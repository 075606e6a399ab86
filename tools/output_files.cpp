#include "output_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ember/format/file_formats.h"

namespace ember::tools {

Result<void> check_output_format(const std::string& path) {
  auto format = format::format_of_path(path);
  if (!format) return format.error();
  return {};
}

Result<void> write_output(const profile::Profile& profile, const std::string& path) {
  auto format = format::format_of_path(path);
  if (!format) return format.error();
  auto bytes = format->render(profile, std::filesystem::path(path).filename().string());
  if (!bytes) return bytes.error();
  return write_file(path, *bytes);
}

Result<void> write_file(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file.flush())
      return make_error("cannot write '" + path + "': check the directory exists and is writable");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return make_error("cannot write '" + path + "': " + error.message());
  }
  return {};
}

}  // namespace ember::tools
