#include "ember/format/folded.h"

#include <map>

#include "stack_frames.h"

namespace ember::format {
namespace {

// ';' separates frames and '\n' ends a line, so a name must contain neither.
void append_name(std::string& out, const std::string& name) {
  for (char c : name) {
    if (c == ';') c = ':';
    if (c == '\n' || c == '\r') c = ' ';
    out += c;
  }
}

}  // namespace

std::string write_folded(const profile::Profile& profile, int value_index) {
  if (value_index < 0 || static_cast<size_t>(value_index) >= profile.sample_types.size()) return {};
  StackFrames frames(profile);
  std::map<std::string, int64_t> totals;  // sorted, as the format's consumers expect
  for (const auto& sample : profile.samples) {
    if (static_cast<size_t>(value_index) >= sample.values.size()) continue;
    int64_t value = sample.values[value_index];
    auto stack = frames.root_first(sample);
    // The format has no way to write an empty stack.
    if (value == 0 || stack.empty()) continue;
    std::string key;
    for (const Frame* frame : stack) {
      if (!key.empty()) key += ';';
      append_name(key, frame->name);
    }
    totals[key] += value;
  }
  std::string out;
  for (const auto& [stack, value] : totals) {
    if (value == 0) continue;
    out += stack;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
  }
  return out;
}

}  // namespace ember::format
