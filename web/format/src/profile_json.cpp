#include "ember/format/profile_json.h"

#include <nlohmann/json.hpp>

#include "ember/format/json_text.h"
#include "ember/profile/alloc_view.h"
#include "ember/profile/operations.h"
#include "ember/profile/short_name.h"
#include "ember/profile/stat_vocabulary.h"
#include "stack_frames.h"

namespace ember::format {
namespace {

using nlohmann::json;

json value_type(const profile::ValueType& type) {
  return {{"type", type.type}, {"unit", type.unit}};
}

json labels(const std::vector<profile::Label>& labels) {
  json out = json::object();
  for (const auto& label : labels) {
    if (!label.str.empty())
      out[label.key] = label.str;
    else
      out[label.key] = label.num;
  }
  return out;
}

// Escapes what could end a <script> element or start markup, and the two line separators
// that old JavaScript parsers reject in strings. These bytes occur only inside JSON strings,
// where a \u escape means the same character.
std::string escape_for_html(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
             (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// The index in "functions" of the attributed caller's frame, -1 when there is none.
int64_t caller_function(const profile::Profile& profile, const profile::AllocAttribution& alloc,
                        const std::vector<size_t>& address_functions) {
  if (alloc.caller_location == 0) return -1;
  const profile::Location& location = profile.location(alloc.caller_location);
  if (location.lines.empty()) return address_functions[location.id - 1];
  return location.lines[alloc.caller_line].function_id - 1;
}

}  // namespace

std::string write_profile_json(const profile::Profile& profile) {
  json functions = json::array();
  for (const auto& function : profile.functions) {
    json entry = {
        {"name", function.name}, {"system_name", function.system_name}, {"file", function.file}};
    if (std::string short_name = profile::short_name(function); short_name != function.name)
      entry["short_name"] = std::move(short_name);
    functions.push_back(std::move(entry));
  }

  // Frames refer to functions by index. A location without lines gets a function of its own,
  // appended after the real ones, so that every frame has a name the UI can show.
  json locations = json::array();
  std::vector<size_t> address_functions(profile.locations.size());  // of lineless locations
  for (const auto& location : profile.locations) {
    json frames = json::array();
    for (auto line = location.lines.rbegin(); line != location.lines.rend(); ++line) {
      if (line->function_id == 0 || line->function_id > profile.functions.size()) continue;
      frames.push_back({line->function_id - 1, line->line});
    }
    if (frames.empty()) {
      address_functions[location.id - 1] = functions.size();
      frames.push_back({functions.size(), 0});
      functions.push_back({{"name", unsymbolized_name(profile, location)},
                           {"system_name", ""},
                           {"file", ""},
                           {"unsymbolized", true}});
    }
    locations.push_back(std::move(frames));
  }

  // The allocator & GC view is attributed here, per sample, so that the UI's windows and
  // sample types need nothing but sums.
  const auto attributions = profile::attribute_alloc(profile);
  json samples = json::array();
  for (size_t i = 0; i < profile.samples.size(); ++i) {
    const profile::Sample& sample = profile.samples[i];
    json stack = json::array();
    for (auto id = sample.location_ids.rbegin(); id != sample.location_ids.rend(); ++id) {
      if (*id != 0 && *id <= profile.locations.size()) stack.push_back(*id - 1);
    }
    json entry = {{"stack", std::move(stack)}, {"values", sample.values}};
    if (!sample.labels.empty()) entry["labels"] = labels(sample.labels);
    if (sample.time_nanos != 0) entry["time"] = sample.time_nanos;
    if (size_t kernel = profile::wait_kernel_frames(profile, sample)) entry["wait_kernel"] = kernel;
    if (const auto& alloc = attributions[i]; alloc.category >= 0)
      entry["alloc"] = {alloc.category, caller_function(profile, alloc, address_functions)};
    samples.push_back(std::move(entry));
  }

  json sample_types = json::array();
  for (const auto& type : profile.sample_types) sample_types.push_back(value_type(type));

  // How the UI shows each statistic: its label, and whether non-zero means data is missing.
  json stat_info = json::object();
  for (const auto& [name, value] : profile.stats)
    if (const profile::StatDescription* stat = profile::describe_stat(name))
      stat_info[name] = {{"label", stat->label}, {"help", stat->help}, {"loss", stat->loss}};

  json document = {
      {"version", 1},
      {"sample_types", std::move(sample_types)},
      {"default_index", profile.default_value_index()},
      {"functions", std::move(functions)},
      {"locations", std::move(locations)},
      {"samples", std::move(samples)},
      {"stats", profile.stats},
      {"stat_info", std::move(stat_info)},
      {"time_nanos", profile.time_nanos},
      {"duration_nanos", profile.duration_nanos},
      {"period", profile.period},
      {"period_type", value_type(profile.period_type)},
      {"comments", profile.comments},
      {"alloc_categories", profile::alloc_category_names()},
  };
  return escape_for_html(dump_json(std::move(document)));
}

}  // namespace ember::format
