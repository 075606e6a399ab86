// The file formats a profile is written in, listed once for the command line (which picks one
// by file extension) and the HTTP API (by name).
#pragma once

#include <string>
#include <string_view>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::format {

struct FileFormat {
  std::string_view name;          // "pprof", "folded", "speedscope", "svg", "html"
  std::string_view extension;     // ".pb.gz", ".folded", ...
  std::string_view content_type;  // of a download in this format
  // The profile in this format; `title` names it in the SVG and HTML documents.
  Result<std::string> (*render)(const profile::Profile& profile, const std::string& title);
};

// The format `path` ends with; an error listing the extensions otherwise.
Result<FileFormat> format_of_path(const std::string& path);

// The format called `name`; an error listing the names otherwise.
Result<FileFormat> format_named(const std::string& name);

}  // namespace ember::format
