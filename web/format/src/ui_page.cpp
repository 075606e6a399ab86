#include "ui_page.h"

#include "ember/format/profile_json.h"
#include "ember/format/ui_assets.h"
#include "text_escape.h"

namespace ember::format {
namespace {

// index.html loads its parts with exactly these tags (one per line); the export replaces each
// with the file's content.
constexpr std::string_view kStylesheetOpen = "<link rel=\"stylesheet\" href=\"";
constexpr std::string_view kScriptOpen = "<script src=\"";
// Where the profiles go; an HTML comment, so the served page is unaffected.
constexpr std::string_view kProfileMarker = "<!-- ember:profile -->";
constexpr std::string_view kTitle = "<title>ember</title>";

// Every file index.html names is embedded by the build (a unit test checks it), so a miss
// is a build mistake; it yields an empty part rather than a failure at run time.
std::string_view asset_bytes(std::string_view path) {
  auto asset = ui_asset(path);
  return asset ? asset->bytes : std::string_view();
}

// The path between `open` and the next quote, if `line` (trimmed) starts with `open`.
std::string_view referenced_path(std::string_view line, std::string_view open) {
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line.substr(start, open.size()) != open) return {};
  line.remove_prefix(start + open.size());
  return line.substr(0, line.find('"'));
}

}  // namespace

std::string profile_element(std::string_view id, const profile::Profile& profile) {
  std::string out = "<script type=\"application/json\" id=\"";
  out += id;
  out += "\">";
  out += write_profile_json(profile);
  out += "</script>\n";
  return out;
}

std::string ui_page(const std::string& title, std::string_view data_elements) {
  std::string_view page = asset_bytes("index.html");
  std::string out;
  out.reserve(page.size() + data_elements.size() + 256 * 1024);
  while (!page.empty()) {
    size_t end = page.find('\n');
    std::string_view line = page.substr(0, end == std::string_view::npos ? page.size() : end + 1);
    page.remove_prefix(line.size());

    if (auto css = referenced_path(line, kStylesheetOpen); !css.empty()) {
      out += "<style>\n";
      out += asset_bytes(css);
      out += "</style>\n";
    } else if (auto js = referenced_path(line, kScriptOpen); !js.empty()) {
      out += "<script>\n";
      out += asset_bytes(js);
      out += "</script>\n";
    } else if (line.find(kProfileMarker) != std::string_view::npos) {
      out += data_elements;
    } else if (size_t at = line.find(kTitle); at != std::string_view::npos) {
      out += line.substr(0, at);
      out += "<title>" + xml_escape(title) + "</title>";
      out += line.substr(at + kTitle.size());
    } else {
      out += line;
    }
  }
  return out;
}

}  // namespace ember::format
