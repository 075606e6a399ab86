#include "ember/format/file_formats.h"

#include <array>

#include "ember/format/folded.h"
#include "ember/format/html.h"
#include "ember/format/speedscope.h"
#include "ember/format/svg.h"
#include "ember/profile/pprof.h"

namespace ember::format {

namespace {

using profile::Profile;

const std::array<FileFormat, 5> kFormats = {{
    {"pprof", ".pb.gz", "application/octet-stream",
     [](const Profile& profile, const std::string&) { return profile::write_pprof(profile); }},
    {"folded", ".folded", "text/plain; charset=utf-8",
     [](const Profile& profile, const std::string&) -> Result<std::string> {
       return write_folded(profile, profile.default_value_index());
     }},
    {"speedscope", ".speedscope.json", "application/json",
     [](const Profile& profile, const std::string&) -> Result<std::string> {
       return write_speedscope(profile);
     }},
    {"svg", ".svg", "image/svg+xml",
     [](const Profile& profile, const std::string& title) -> Result<std::string> {
       return write_svg(profile, profile.default_value_index(), title);
     }},
    {"html", ".html", "text/html; charset=utf-8",
     [](const Profile& profile, const std::string& title) -> Result<std::string> {
       return write_html(profile, title);
     }},
}};

// "a, b, c or d" of each format's `field`.
std::string listed(std::string_view FileFormat::*field) {
  std::string list;
  for (size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) list += i + 1 == kFormats.size() ? " or " : ", ";
    list += kFormats[i].*field;
  }
  return list;
}

}  // namespace

Result<FileFormat> format_of_path(const std::string& path) {
  for (const FileFormat& format : kFormats)
    if (path.ends_with(format.extension)) return format;
  return make_error("unknown output format for '" + path + "': use " +
                    listed(&FileFormat::extension));
}

Result<FileFormat> format_named(const std::string& name) {
  for (const FileFormat& format : kFormats)
    if (name == format.name) return format;
  return make_error("unknown format '" + name.substr(0, 40) + "': use " +
                    listed(&FileFormat::name));
}

}  // namespace ember::format
