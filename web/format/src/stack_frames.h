// How the writers read stacks out of the model, so that they all agree on frame order and on
// the names of frames the symbolizer could not resolve.
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::format {

struct Frame {
  std::string name;        // the function's name, else its system name, else a location name
  std::string short_name;  // what displays show: profile::short_name() of it
  std::string file;
};

// The name of a location without frames: "[libc.so.6+0x1f0a]" (file offset, stable across
// runs despite address randomization), or "[0x7f12...]" without a mapping.
std::string unsymbolized_name(const profile::Profile& profile, const profile::Location& location);

// Frames of every location, computed once per profile and then shared by all samples.
class StackFrames {
 public:
  explicit StackFrames(const profile::Profile& profile);

  // The sample's frames, root first. Inlined functions are frames of their own; a location
  // without lines is one frame named by unsymbolized_name(). Ids that do not resolve are
  // skipped, so a malformed profile cannot make a writer read out of bounds.
  std::vector<const Frame*> root_first(const profile::Sample& sample) const;

 private:
  std::vector<std::vector<Frame>> by_location_;  // caller first; index = location id - 1
};

}  // namespace ember::format
