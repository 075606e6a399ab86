// Stacks merged into a tree by frame name at each depth, as flame graphs draw them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

struct FlameNode {
  std::string name;        // the full name, which frames merge by
  std::string short_name;  // the label
  int64_t total = 0;       // this frame's value including its callees
  // Sorted by name, flamegraph.pl's order: positions do not depend on values.
  std::map<std::string, std::unique_ptr<FlameNode>> children;
};

// The root is named "all" and totals every sample, including those with empty stacks.
// Only positive values are added: a flame graph cannot draw negative widths.
FlameNode build_flame_tree(const profile::Profile& profile, int value_index);

// Number of frame rows below and including `node`.
int flame_height(const FlameNode& node);

}  // namespace ember::format
