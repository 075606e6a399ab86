// The recording options that `ember record` and emberd's session requests both take, in one
// table: each option's command-line flag, JSON field, help, default (RecordingOptions' own) and
// parser. The command line and the daemon translate values through it, so they accept the same
// options with the same checks and messages.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "ember/daemon/recording.h"
#include "ember/result.h"

namespace ember::daemon {

struct RecordingOption {
  std::string_view flags;  // for CLI11: "--unwind", or "-F,--frequency"
  std::string_view field;  // the JSON field of a session request: "unwind"
  std::string_view help;
  // A switch takes no value on the command line (the flag sets `switch_value`) and a boolean
  // in JSON; other options take their value as text (JSON numbers are written as text).
  bool is_switch = false;
  std::string_view switch_value;
  // Sets the option from its text; fails with one line naming the option.
  Result<void> (*apply)(RecordingOptions& options, const std::string& text);
  // The option's value as text, as apply() takes it: the default is show(RecordingOptions{}).
  std::string (*show)(const RecordingOptions& options);
};

std::span<const RecordingOption> recording_option_table();

}  // namespace ember::daemon
