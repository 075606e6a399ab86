#include "ember/format/ui_assets.h"

#include "ui_files.h"

namespace ember::format {
namespace {

std::string_view content_type(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

}  // namespace

std::optional<UiAsset> ui_asset(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) path = "index.html";
  // Only exact names from the embedded table match, so "../x" or any other path finds nothing.
  for (const auto& file : detail::embedded_files()) {
    if (path == file.path) {
      return UiAsset{file.path, content_type(path), std::string_view(file.data, file.size)};
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> ui_asset_paths() {
  std::vector<std::string_view> paths;
  for (const auto& file : detail::embedded_files()) paths.emplace_back(file.path);
  return paths;
}

}  // namespace ember::format
