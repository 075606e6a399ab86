// What a launched command's environment gets so that any Node.js it starts (node itself, npm
// start, a shell script...) writes V8's perf map: NODE_OPTIONS, with V8's flags added to what
// the user set. A running node cannot be asked later: V8 creates its perf logger at start-up.
#pragma once

#include <string>

namespace ember::daemon {

// "NODE_OPTIONS=..." from `user_value` (the user's NODE_OPTIONS, null when unset) with
// --perf-basic-prof-only-functions (unless the user chose a perf map flag) and
// --interpreted-frames-native-stack appended where not already there. Only functions:
// --perf-basic-prof also names stubs, whose code lies in node's own text anyway, and makes Node
// 20's V8 write an isolate-*-v8.log into the working directory
// (--logfile cannot be set in NODE_OPTIONS). The second flag gives each interpreted function its
// own trampoline, so callers that V8 has not compiled are named too, not all
// "InterpreterEntryTrampoline".
std::string node_options_with_perf_map(const char* user_value);

}  // namespace ember::daemon
