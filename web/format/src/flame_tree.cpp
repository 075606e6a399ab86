#include "flame_tree.h"

#include <algorithm>

#include "stack_frames.h"

namespace ember::format {

FlameNode build_flame_tree(const profile::Profile& profile, int value_index) {
  FlameNode root{"all", "all", 0, {}};
  if (value_index < 0) return root;
  StackFrames frames(profile);
  for (const auto& sample : profile.samples) {
    if (static_cast<size_t>(value_index) >= sample.values.size()) continue;
    int64_t value = sample.values[value_index];
    if (value <= 0) continue;
    FlameNode* node = &root;
    node->total += value;
    for (const Frame* frame : frames.root_first(sample)) {
      auto& child = node->children[frame->name];
      if (!child)
        child = std::make_unique<FlameNode>(FlameNode{frame->name, frame->short_name, 0, {}});
      node = child.get();
      node->total += value;
    }
  }
  return root;
}

int flame_height(const FlameNode& node) {
  int below = 0;
  for (const auto& [name, child] : node.children) below = std::max(below, flame_height(*child));
  return below + 1;
}

}  // namespace ember::format
