// `ember dump --pid`: each thread of a running process once, where it is, on targets whose
// threads wait in known places (tests/targets/offcpu_threads.c, python/blocked_threads.py).
#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "python_shares.h"
#include "python_test.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// The dump's threads by name.
std::map<std::string, nlohmann::json> threads_by_name(const std::string& json_text) {
  std::map<std::string, nlohmann::json> threads;
  const nlohmann::json dump = nlohmann::json::parse(json_text);
  for (const nlohmann::json& thread : dump["threads"])
    threads[thread["thread_name"].get<std::string>()] = thread;
  return threads;
}

// The thread's frames' functions, leaf first, the kernel's left out.
std::vector<std::string> user_functions(const nlohmann::json& thread) {
  std::vector<std::string> functions;
  for (const nlohmann::json& frame : thread["frames"])
    if (!frame["kernel"].get<bool>()) functions.push_back(frame["function"]);
  return functions;
}

// `inner` comes before (nearer the leaf than) `outer` in `functions`.
bool calls(const std::vector<std::string>& functions, const std::string& outer,
           const std::string& inner) {
  auto in = std::find(functions.begin(), functions.end(), inner);
  return in != functions.end() && std::find(in, functions.end(), outer) != functions.end();
}

class Dump : public RootTest {};

// Frame pointers left out: the stacks come from stack copies unwound with CFI, blocked threads
// from their switch-out, the busy thread from its CPU samples.
TEST_F(Dump, EachNativeThreadShowsWhereItWaitsOrRuns) {
  BackgroundProcess target({target_path("offcpu_threads_nofp"), "30"});
  auto result = run_ember({"dump", "--pid", std::to_string(target.pid()), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto threads = threads_by_name(result.out);
  // The main thread, sleeping all the time, and the four workers: one entry each.
  ASSERT_EQ(threads.size(), 5u) << result.out;

  // Each of these waits for (nearly) the whole watch, so its heaviest stack is its wait.
  const std::map<std::string, std::vector<std::string>> waits = {
      {"sleeper", {"sleep_a_while", "sleeper_loop"}},
      {"pipe_reader", {"read_one_message", "reader_loop"}},
      {"pipe_writer", {"sleep_a_while", "writer_loop"}}};
  for (const auto& [name, path] : waits) {
    const nlohmann::json& thread = threads[name];
    EXPECT_EQ(thread["state"], "sleeping") << name << "\n" << result.out;
    const auto functions = user_functions(thread);
    EXPECT_TRUE(calls(functions, path[1], path[0])) << name << "\n" << result.out;
    EXPECT_TRUE(calls(functions, "start_thread", path[1])) << name << "\n" << result.out;
  }
  // On the CPU, or preempted for a moment on a busy machine (ready to run, waiting for a CPU).
  EXPECT_THAT(threads["busy"]["state"].get<std::string>(), AnyOf("running", "runnable"))
      << result.out;
  EXPECT_TRUE(calls(user_functions(threads["busy"]), "busy_loop", "spin")) << result.out;
  EXPECT_EQ(threads["busy"]["pid"], target.pid());

  // The text form: one header per process, one per thread, frames below.
  auto text = run_ember({"dump", "--pid", std::to_string(target.pid())});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Process " + std::to_string(target.pid())));
  EXPECT_THAT(text.out, HasSubstr("\"pipe_reader\": sleeping"));
  EXPECT_THAT(text.out, HasSubstr("    read_one_message"));
  EXPECT_THAT(text.out, HasSubstr("\"busy\": run"));
}

class PythonDump : public PythonTest {};

// Each Python thread shows its Python function, with its file and line, under the threading
// module's run; the main thread its loop under the module's code.
TEST_F(PythonDump, EachPythonThreadShowsItsPythonFrames) {
  const std::string script = python_target("blocked_threads.py");
  BackgroundProcess target({kPython, script});
  auto result = run_ember({"dump", "--pid", std::to_string(target.pid()), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json dump = nlohmann::json::parse(result.out);
  ASSERT_EQ(dump["threads"].size(), 4u) << result.out;

  // Each waiter found by the Python function it waits in, each in a thread of its own.
  std::map<std::string, int> threads_waiting_in;
  for (const nlohmann::json& thread : dump["threads"]) {
    const auto functions = user_functions(thread);
    for (const char* waiter : {"nap", "wait_for_lock", "receive"})
      if (std::find(functions.begin(), functions.end(), waiter) != functions.end()) {
        ++threads_waiting_in[waiter];
        EXPECT_TRUE(calls(functions, "Thread.run", waiter)) << waiter << "\n" << result.out;
        EXPECT_NE(thread["state"], "running") << waiter << "\n" << result.out;
        for (const nlohmann::json& frame : thread["frames"])
          if (frame["function"] == waiter) {
            EXPECT_EQ(frame["file"], script);
            EXPECT_GT(frame["line"].get<int>(), 0);
          }
      }
    if (thread["tid"] == thread["pid"]) {
      EXPECT_TRUE(calls(functions, "<module>", "main")) << result.out;
    }
  }
  for (const char* waiter : {"nap", "wait_for_lock", "receive"})
    EXPECT_EQ(threads_waiting_in[waiter], 1) << waiter << "\n" << result.out;
}

TEST_F(Dump, AMissingProcessGetsOneLineAndExitTwo) {
  // A process that has exited and been reaped: its PID names nothing.
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(waitpid(pid, nullptr, 0), pid);
  auto result = run_ember({"dump", "--pid", std::to_string(pid)});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr(std::to_string(pid)));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace ember::test
