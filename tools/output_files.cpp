#include "output_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ember/format/folded.h"
#include "ember/format/html.h"
#include "ember/format/speedscope.h"
#include "ember/format/svg.h"
#include "ember/profile/pprof.h"
#include "top_tables.h"

namespace ember::tools {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::string> render(const profile::Profile& profile, const std::string& path) {
  const std::string title = std::filesystem::path(path).filename().string();
  if (ends_with(path, ".pb.gz")) return profile::write_pprof(profile);
  if (ends_with(path, ".folded"))
    return format::write_folded(profile, profile.default_value_index());
  if (ends_with(path, ".speedscope.json")) return format::write_speedscope(profile);
  if (ends_with(path, ".svg"))
    return format::write_svg(profile, profile.default_value_index(), title);
  if (ends_with(path, ".html")) return format::write_html(profile, title);
  return check_output_format(path).error();
}

}  // namespace

Result<void> check_output_format(const std::string& path) {
  for (const char* extension : {".pb.gz", ".folded", ".speedscope.json", ".svg", ".html"})
    if (ends_with(path, extension)) return {};
  return make_error("unknown output format for '" + path +
                    "': use .pb.gz, .folded, .speedscope.json, .svg or .html");
}

Result<void> write_output(const profile::Profile& profile, const std::string& path) {
  auto bytes = render(profile, path);
  if (!bytes) return bytes.error();
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
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
