#include "ember/format/svg.h"

#include <cmath>
#include <cstdio>

#include "flame_tree.h"
#include "text_escape.h"

namespace ember::format {
namespace {

constexpr double kWidth = 1200;
constexpr double kMargin = 10;
constexpr double kRowHeight = 17;
constexpr double kTitleHeight = 36;
constexpr double kFooterHeight = 26;
constexpr double kMinFrameWidth = 0.3;  // narrower frames are invisible; skipping them bounds size
constexpr double kFontSize = 12;
constexpr double kCharWidth = 6.7;  // average advance of the UI font at kFontSize

// FNV-1a: a stable colour per name, the same hash the web UI uses, so both agree.
uint32_t name_hash(const std::string& name) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  return hash;
}

// A warm palette from red to orange-yellow.
std::string frame_colour(const std::string& name) {
  uint32_t h = name_hash(name);
  char rgb[32];
  std::snprintf(rgb, sizeof rgb, "rgb(%u,%u,%u)", 220 + h % 35, 90 + (h >> 8) % 130,
                40 + (h >> 16) % 40);
  return rgb;
}

std::string with_separators(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

// "12.3 ms" for time, "4.5 MiB" for bytes, "1,234 samples" for counts.
std::string format_value(int64_t value, const profile::ValueType& type) {
  char text[64];
  if (type.unit == "nanoseconds") {
    double ns = static_cast<double>(value);
    if (std::fabs(ns) >= 1e9)
      std::snprintf(text, sizeof text, "%.2f s", ns / 1e9);
    else if (std::fabs(ns) >= 1e6)
      std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
    else if (std::fabs(ns) >= 1e3)
      std::snprintf(text, sizeof text, "%.2f \xC2\xB5s", ns / 1e3);
    else
      std::snprintf(text, sizeof text, "%.0f ns", ns);
    return text;
  }
  if (type.unit == "bytes") {
    double bytes = static_cast<double>(value);
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (std::fabs(bytes) >= 1024 && u < 4) bytes /= 1024, ++u;
    std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return text;
  }
  return with_separators(value) + " " + (type.unit == "count" ? type.type : type.unit);
}

// Cuts `name` to about `chars` characters (not bytes, so no UTF-8 sequence is split).
std::string fit_label(const std::string& name, double width) {
  size_t chars = static_cast<size_t>((width - 6) / kCharWidth);
  if (chars < 3) return {};
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    bool starts_char = (static_cast<unsigned char>(name[i]) & 0xC0) != 0x80;
    if (starts_char && ++count > chars) return out + "..";
    out += name[i];
  }
  return out;
}

struct Layout {
  const profile::ValueType& type;
  double scale;   // pixels per unit of value
  double bottom;  // y of the root row's bottom edge
  int64_t total;
  std::string out;
};

void draw(Layout& layout, const FlameNode& node, double x, int depth) {
  double width = static_cast<double>(node.total) * layout.scale;
  if (width < kMinFrameWidth) return;
  double y = layout.bottom - (depth + 1) * kRowHeight;
  // The label is the short name; the tooltip has it and, when it differs, the full name.
  std::string name = xml_escape(node.short_name);
  if (node.short_name != node.name) name += "\n" + xml_escape(node.name);
  char geometry[160];
  std::snprintf(geometry, sizeof geometry,
                "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" rx=\"2\" fill=\"", x, y,
                std::max(width - 0.6, 0.1), kRowHeight - 1);
  double percent = layout.total > 0 ? 100.0 * node.total / layout.total : 0;
  char share[32];
  std::snprintf(share, sizeof share, "%.2f%%", percent);
  layout.out += "<g><title>" + name + "\n" + xml_escape(format_value(node.total, layout.type)) +
                " (" + share + ")</title>" + geometry + frame_colour(node.name) + "\"/>";
  std::string label = fit_label(node.short_name, width);
  if (!label.empty()) {
    char position[64];
    std::snprintf(position, sizeof position, "<text x=\"%.2f\" y=\"%.1f\">", x + 3,
                  y + kRowHeight - 5);
    layout.out += position + xml_escape(label) + "</text>";
  }
  layout.out += "</g>\n";
  for (const auto& [child_name, child] : node.children) {
    draw(layout, *child, x, depth + 1);
    x += static_cast<double>(child->total) * layout.scale;
  }
}

}  // namespace

std::string write_svg(const profile::Profile& profile, int value_index, const std::string& title) {
  bool valid_index =
      value_index >= 0 && static_cast<size_t>(value_index) < profile.sample_types.size();
  FlameNode root = build_flame_tree(profile, valid_index ? value_index : -1);
  static const profile::ValueType kNone{"value", "count"};
  const profile::ValueType& type = valid_index ? profile.sample_types[value_index] : kNone;

  double height = kTitleHeight + flame_height(root) * kRowHeight + kFooterHeight;
  double scale = root.total > 0 ? (kWidth - 2 * kMargin) / static_cast<double>(root.total) : 0;
  Layout layout{type, scale, height - kFooterHeight, root.total, {}};

  char header[512];
  std::snprintf(header, sizeof header,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
                "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
                kWidth, height, kWidth, height);
  std::string out = header;
  out +=
      "<style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
      "font-size:12px;fill:#222}.title{font-size:17px;font-weight:600}"
      ".note{fill:#666}g:hover rect{stroke:#222;stroke-width:0.8}</style>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#fbfaf7\"/>\n";
  out += "<text class=\"title\" x=\"" + std::to_string(static_cast<int>(kWidth / 2)) +
         "\" y=\"24\" text-anchor=\"middle\">" + xml_escape(title) + "</text>\n";
  if (root.total > 0) draw(layout, root, kMargin, 0);
  out += layout.out;
  out += "<text class=\"note\" x=\"" + std::to_string(static_cast<int>(kMargin)) + "\" y=\"" +
         std::to_string(static_cast<int>(height - 8)) + "\">" + xml_escape(type.type) + ", total " +
         xml_escape(format_value(root.total, type)) + "</text>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace ember::format
