#include "ember/latency/sample_time_labels.h"

#include <algorithm>

namespace ember::latency {

void add_sample_time_labels(profile::Profile& profile) {
  for (profile::Sample& sample : profile.samples)
    if (sample.time_nanos != 0 && !sample.label(kSampleTimeLabel))
      sample.labels.push_back(
          {.key = kSampleTimeLabel, .str = "", .num = sample.time_nanos, .num_unit = ""});
}

bool take_sample_time_labels(profile::Profile& profile) {
  bool found = false;
  for (profile::Sample& sample : profile.samples) {
    auto& labels = sample.labels;
    auto label = std::find_if(labels.begin(), labels.end(), [](const profile::Label& l) {
      return l.key == kSampleTimeLabel && l.str.empty();
    });
    if (label == labels.end()) continue;
    sample.time_nanos = label->num;
    labels.erase(label);
    found = true;
  }
  return found;
}

}  // namespace ember::latency
