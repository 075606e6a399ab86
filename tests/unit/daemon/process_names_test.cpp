#include "process_names.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "ember/profile/builder.h"

namespace ember::daemon {
namespace {

std::string own_comm() {
  std::string name;
  std::getline(std::ifstream("/proc/self/comm"), name);
  return name;
}

// One sample per pid label value (0: no pid label), labelled by `names`; each sample's
// "process" label, or "(none)".
std::vector<std::string> process_labels(const ProcessNames& names,
                                        const std::vector<int64_t>& pids) {
  profile::ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  const uint64_t function = builder.add_function("main", "main");
  const uint64_t location = builder.add_location(0, 0x401000, {{function, 0}});
  for (int64_t pid : pids)
    builder.add_sample(
        {location}, {1, 10},
        pid ? std::vector<profile::Label>{{"pid", {}, pid, {}}} : std::vector<profile::Label>{}, 1);
  profile::Profile profile = std::move(builder).build();
  names.label(profile);
  std::vector<std::string> labels;
  for (const auto& sample : profile.samples) {
    const profile::Label* label = sample.label("process");
    labels.push_back(label ? label->str : "(none)");
  }
  return labels;
}

TEST(ProcessNames, LabelsSamplesOfKnownProcessesWithTheirCommandName) {
  ProcessNames names;
  const int64_t self = getpid();
  EXPECT_EQ(names.name(static_cast<uint32_t>(self)), own_comm());
  EXPECT_EQ(names.name(0), "");  // no such process: seen, never named
  EXPECT_EQ(process_labels(names, {self, 0, 4'000'000}),
            (std::vector<std::string>{own_comm(), "(none)", "(none)"}));
}

// A process that exited is forgotten: another process may get its PID.
TEST(ProcessNames, ExitForgetsTheName) {
  ProcessNames names;
  const auto self = static_cast<uint32_t>(getpid());
  EXPECT_EQ(names.name(self), own_comm());
  names.exited(self);
  EXPECT_EQ(process_labels(names, {self}), (std::vector<std::string>{"(none)"}));
}

// Samples labelled at collection keep the name they were given.
TEST(ProcessNames, SamplesAlreadyNamedKeepTheirName) {
  ProcessNames names;
  const int64_t self = getpid();
  (void)names.name(static_cast<uint32_t>(self));
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  const uint64_t location =
      builder.add_location(0, 0x401000, {{builder.add_function("f", "f"), 0}});
  builder.add_sample({location}, {1}, {{"pid", {}, self, {}}, {"process", "before-exec", 0, {}}},
                     1);
  profile::Profile profile = std::move(builder).build();
  names.label(profile);
  ASSERT_EQ(profile.samples.size(), 1u);
  int process_labels = 0;
  for (const auto& label : profile.samples[0].labels) process_labels += label.key == "process";
  EXPECT_EQ(process_labels, 1);
  EXPECT_EQ(profile.samples[0].label("process")->str, "before-exec");
}

TEST(ProcessNames, ExecReadsTheNameAgain) {
  ProcessNames names;
  const int64_t self = getpid();
  (void)names.name(static_cast<uint32_t>(self));
  const std::string before = own_comm();
  std::ofstream("/proc/self/comm") << "renamed-test";
  EXPECT_EQ(names.name(static_cast<uint32_t>(self)), before);  // known: not read again
  EXPECT_EQ(process_labels(names, {self}), (std::vector<std::string>{before}));
  names.exec(static_cast<uint32_t>(self));
  EXPECT_EQ(process_labels(names, {self}), (std::vector<std::string>{"renamed-test"}));
  std::ofstream("/proc/self/comm") << before;
}

}  // namespace
}  // namespace ember::daemon
