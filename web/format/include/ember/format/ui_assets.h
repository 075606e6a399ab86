// The web UI's files (HTML, CSS, JS), compiled into the binary so the HTML export and the
// HTTP server serve the same UI without reading anything from disk.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ember::format {

struct UiAsset {
  std::string_view path;          // relative to the UI root, e.g. "app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view bytes;         // the file's content; lives as long as the program
};

// The file at `path`. A leading '/' is ignored and "" means "index.html", so a server can
// pass the request path through. Unknown paths give nullopt (never a file outside the UI).
std::optional<UiAsset> ui_asset(std::string_view path);

// Every embedded path, in build order.
std::vector<std::string_view> ui_asset_paths();

}  // namespace ember::format
