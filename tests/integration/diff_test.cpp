// `ember diff` on profiles recorded here: two builds of cpu_split that differ only in
// work_two's cost (2 units vs 3, i.e. 1.5x), repeated runs of one build, a Go profile as the
// base, and bad input. CTest runs each test in a process of its own, so each records only
// the runs it needs.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class Diff : public RootTest {
 protected:
  // `runs` recordings of `target` (2 threads, 3 s, 999 Hz: a few thousand samples, so that
  // sampling noise stays well below the change), made once per test process:
  // "a.pb.gz,b.pb.gz,c.pb.gz". `tag` tells apart sets of the same target.
  static std::string recorded(const std::string& target, const std::string& tag, int runs) {
    static TempDir recordings;
    static std::map<std::string, std::string> made;
    const std::string key = target + tag + std::to_string(runs);
    std::string& list = made[key];
    if (!list.empty()) return list;
    for (int run = 0; run < runs; ++run) {
      const std::string file = recordings.file(key + "-" + std::to_string(run) + ".pb.gz");
      auto result =
          run_ember({"record", "-F", "999", "-o", file, "--", target_path(target), "3", "2"});
      EXPECT_EQ(result.exit_code, 0) << result.err;
      list += (run ? "," : "") + file;
    }
    return list;
  }
  // Three runs of each build, as a CI job would record them.
  static std::string base_runs(int runs = 3) { return recorded("cpu_split_fp", "base", runs); }
  static std::string slower_runs(int runs = 3) { return recorded("cpu_split_slower_fp", "", runs); }
  static std::string same_runs() { return recorded("cpu_split_fp", "again", 3); }

  static nlohmann::json diff_json(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"diff", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run_ember(argv);
    EXPECT_NE(result.exit_code, 2) << result.err;
    return nlohmann::json::parse(result.out);
  }
};

// work_two goes from 2/6 of the work to 3/7: its total share grows by 9.5 points, and the other
// two shrink by 4.8 (work_three) and 2.4 (work_one) points.
constexpr double kWorkTwoPoints = 100.0 * (3.0 / 7 - 2.0 / 6);

// Single runs have no measured noise; --user-only keeps interrupt-exit frames out (on some
// virtual machines, timer samples land there in 2% of one run and 40% of the next).
TEST_F(Diff, RanksTheSlowerFunctionFirstWithItsSignAndSize) {
  auto json = diff_json({"--user-only", base_runs(1), slower_runs(1)});
  const auto& top = json["rows"][0];
  EXPECT_EQ(top["name"], "work_two") << json.dump(1);
  EXPECT_NEAR(top["total"]["delta_points"].get<double>(), kWorkTwoPoints, 3.0);
  EXPECT_NEAR(top["total"]["base"].get<double>(), 2.0 / 6, 0.04);
  // Absolute values come alongside: the share of the run's total.
  EXPECT_NEAR(top["total"]["new_value"].get<double>(),
              top["total"]["new"].get<double>() * json["new"]["totals"][0].get<double>(), 1.0);
  for (const auto& row : json["rows"])
    if (row["name"] == "work_three") {
      EXPECT_LT(row["total"]["delta_points"].get<double>(), -2);
    }
  EXPECT_TRUE(json["gate"]["passed"].get<bool>());  // no rule given
}

TEST_F(Diff, TheGateFailsOnTheRegressionAndNamesTheFunction) {
  auto result =
      run_ember({"diff", "--base", base_runs(), "--new", slower_runs(), "--max-regression", "2"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("Gate FAILED"));
  EXPECT_THAT(result.out, HasSubstr("work_two"));

  auto budget = run_ember({"diff", "--base", base_runs(), "--new", slower_runs(), "--fail-if",
                           "share(^work_two$) > +2pts"});
  EXPECT_EQ(budget.exit_code, 1) << budget.out << budget.err;
  auto json = diff_json({"--base", base_runs(), "--new", slower_runs(), "--fail-if",
                         "share(^work_two$) > +2pts", "--fail-if", "share(^work_one$) > +2pts"});
  ASSERT_EQ(json["gate"]["violations"].size(), 1u) << json.dump(1);
  const auto& violation = json["gate"]["violations"][0];
  EXPECT_EQ(violation["functions"][0]["name"], "work_two");
  EXPECT_NEAR(violation["delta_points"].get<double>(), kWorkTwoPoints, 3.0);
  EXPECT_LT(violation["noise_points"].get<double>(), kWorkTwoPoints - 2);

  // A budget larger than the change passes.
  EXPECT_EQ(run_ember({"diff", "--base", base_runs(), "--new", slower_runs(), "--fail-if",
                       "share(^work_two$) > +20pts"})
                .exit_code,
            0);
}

TEST_F(Diff, IdenticalBuildsPassTheGate) {
  auto result = run_ember({"diff", "--base", base_runs(), "--new", same_runs(), "--max-regression",
                           "2", "--fail-if", "share(^work_two$) > +2pts"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("Gate passed: 2 rules within budget."));
}

TEST_F(Diff, WritesADiffFlameGraphAndAPprofThatGoReads) {
  const std::string html = dir.file("diff.html"), pprof = dir.file("diff.pb.gz");
  auto result = run_ember({"diff", base_runs(1), slower_runs(1), "-o", html, "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream page(html);
  const std::string text((std::istreambuf_iterator<char>(page)), {});
  EXPECT_THAT(text, HasSubstr("id=\"ember-base-profile\""));
  EXPECT_THAT(text, HasSubstr("work_two"));

  if (!go_available()) GTEST_SKIP() << "go is not installed";
  // New minus base: work_two's extra cost is positive, the others' negative (pprof prints the
  // sign on the values, its percentages are of the absolute total).
  const std::string output =
      pprof_output({"-top", "-nodecount=1000", "-sample_index=cpu", "-unit=ms"}, pprof);
  auto cum_ms = [&](const std::string& function) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream fields(line);
      std::string flat, flat_percent, sum_percent, cum, cum_percent, name;
      if (fields >> flat >> flat_percent >> sum_percent >> cum >> cum_percent >> name &&
          name == function)
        return std::stod(cum);
    }
    ADD_FAILURE() << function << " not in:\n" << output;
    return 0.0;
  };
  EXPECT_GT(cum_ms("work_two"), 0);
  EXPECT_LT(cum_ms("work_three"), 0);
}

// The page opens on the diff by itself and puts work_two first, in real Chromium.
TEST_F(Diff, ExportedPageShowsTheDiffInABrowser) {
  const std::string browser_check = EMBER_BROWSER_CHECK;
  if (browser_check.empty()) GTEST_SKIP() << "node, chromium or playwright-core is missing";
  const std::string html = dir.file("diff.html");
  ASSERT_EQ(run_ember({"diff", "--user-only", base_runs(1), slower_runs(1), "-o", html}).exit_code,
            0);
  std::vector<std::string> argv;
  std::istringstream words(browser_check);
  for (std::string word; words >> word;) argv.push_back(word);
  argv.insert(argv.end(), {"--page", html, "--first", "work_two", "--sign", "+", "--out",
                           dir.file("screenshots")});
  auto checked = run(argv);
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST_F(Diff, GoProfileAsBase) {
  if (!go_available()) GTEST_SKIP() << "go is not installed";
  auto generated = run({"go", "run", EMBER_GO_PROFILE_GENERATOR, dir.path()});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto json = diff_json({dir.file("cpu.pb.gz"), base_runs(1)});
  EXPECT_EQ(json["sample_type"], "cpu");
  double go_spin = 0, work_three = 0;
  for (const auto& row : json["rows"]) {
    if (row["name"] == "main.spin") go_spin = row["total"]["delta_points"].get<double>();
    if (row["name"] == "work_three") work_three = row["total"]["delta_points"].get<double>();
  }
  EXPECT_LT(go_spin, -50) << json.dump(1);  // Go's hot function is gone from the new side
  EXPECT_NEAR(work_three, 50, 5) << json.dump(1);
}

// One line on stderr naming the problem, and exit code 2.
void expect_error(const CommandResult& result, const std::string& words) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr(words));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_F(Diff, BadInputIsOneLineAndExitCodeTwo) {
  const std::string profile = base_runs(1);
  expect_error(run_ember({"diff", profile, dir.file("missing.pb.gz")}), "cannot open");
  const std::string text = dir.file("notes.txt");
  std::ofstream(text) << "not a profile\n";
  expect_error(run_ember({"diff", text, profile}), "malformed pprof");

  // An allocation profile has nothing in common with a CPU profile.
  if (go_available()) {
    ASSERT_EQ(run({"go", "run", EMBER_GO_PROFILE_GENERATOR, dir.path()}).exit_code, 0);
    expect_error(run_ember({"diff", dir.file("allocs.pb.gz"), profile}),
                 "no sample type in common");
  }
  expect_error(run_ember({"diff", profile, profile, "--fail-if", "share(x) >> 2"}),
               "bad --fail-if");
  expect_error(run_ember({"diff", profile, profile, "-o", dir.file("diff.svg")}),
               "unknown output format");
}

// tools/ci/ember_ab_gate.sh end to end, as a service's CI job runs it: in a git repository, the
// base revision starts the example service with 4 hash rounds per /hash request and the change
// with 12; wrk loads every endpoint while ember records each side three times; the gate fails
// on hash_bytes and leaves the diff for a reader.
TEST_F(Diff, CiGateScriptFailsOnARegressionInARealService) {
  const std::string repo = dir.file("service"), out = dir.file("ab");
  std::filesystem::create_directory(repo);
  auto commit = [&](int hash_rounds, const std::string& message) {
    std::ofstream(repo + "/server.sh")
        << "exec " << target_path("example_service_nofp") << " 18457 " << hash_rounds << "\n";
    for (std::vector<std::string> git :
         {std::vector<std::string>{"add", "server.sh"},
          {"-c", "user.name=ci", "-c", "user.email=ci@localhost", "commit", "-q", "-m", message}}) {
      git.insert(git.begin(), {"git", "-C", repo});
      auto result = run(git);
      ASSERT_EQ(result.exit_code, 0) << result.err;
    }
  };
  ASSERT_EQ(run({"git", "init", "-q", repo}).exit_code, 0);
  commit(4, "base");
  commit(12, "change: /hash three times as costly");

  const std::string source = EMBER_SOURCE_DIR;
  const std::string ember_dir = std::filesystem::path(EMBER_BINARY).parent_path().string();
  auto result =
      run({"env", "SERVER_CMD=sh server.sh", "BUILD_CMD=true", "URL=http://127.0.0.1:18457/",
           "BASE_REF=HEAD~1", "RUNS=3", "LOAD_SECONDS=2", "WARMUP_SECONDS=1",
           "WRK_ARGS=-t2 -c8 -s " + source + "/tests/targets/example_service_mix.lua", "OUT=" + out,
           "PATH=" + ember_dir + ":" + std::getenv("PATH"), "sh", "-c",
           "cd \"$0\" && exec bash \"$1\"", repo, source + "/tools/ci/ember_ab_gate.sh"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string verdict =
      result.out.substr(std::min(result.out.find("Gate FAILED"), result.out.size()));
  EXPECT_THAT(verdict, HasSubstr("hash_bytes")) << result.out;
  EXPECT_TRUE(std::filesystem::exists(out + "/diff.html"));
  EXPECT_THAT(pprof_output({"-top"}, out + "/diff.pb.gz"), HasSubstr("hash_bytes"));
}

}  // namespace
}  // namespace ember::test
