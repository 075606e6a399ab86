// Names that are not valid UTF-8 (symbols, thread names): every writer and reader of ember shows
// each invalid byte as \xNN, the same way, and `go tool pprof` reads what ember writes. The
// target, odd_names, has functions hot_\xff and hot_\xfe (2:1 of its CPU, as it measures
// itself) and a thread named odd_\xff.
#include <gmock/gmock.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "emberd_process.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// The names as ember shows them: text, backslash and all.
const std::string kHotFF = "hot_\\xff";
const std::string kHotFE = "hot_\\xfe";
const std::string kThread = "odd_\\xff";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// hot_\xff's share of the two functions' CPU time, as the target measured it.
double measured_ff_share(const std::string& result_file) {
  std::istringstream in(read_file(result_file));
  double ff = 0, fe = 0;
  in >> ff >> fe;
  EXPECT_GT(ff + fe, 0) << "no result from odd_names in " << result_file;
  return ff / (ff + fe);
}

// Flat value of `function` in a top table's JSON rows; -1 when absent.
double flat_of(const json& rows, const std::string& function) {
  for (const auto& row : rows)
    if (row["function"] == function) return row["flat"].get<double>();
  return -1;
}

// The sampled share must agree with the measured one within sampling noise: each sample falls
// in hot_\xff with probability p, so over n samples the share's standard error is
// sqrt(p(1-p)/n); 5 standard errors leave a false failure once in millions of runs.
void expect_share(double ff, double fe, double samples, double measured, const std::string& what) {
  ASSERT_GT(ff, 0) << what << ": no " << kHotFF;
  ASSERT_GT(fe, 0) << what << ": no " << kHotFE << " (distinct names must stay distinct)";
  const double bound = 5 * std::sqrt(measured * (1 - measured) / samples);
  std::cout << what << ": " << kHotFF << " has " << 100 * ff / (ff + fe) << "% of the two, the "
            << "target measured " << 100 * measured << "% (bound +-" << 100 * bound << " over "
            << samples << " samples)\n";
  EXPECT_NEAR(ff / (ff + fe), measured, bound) << what << " over " << samples << " samples";
}

class NameBytes : public RootTest {};

TEST_F(NameBytes, InvalidUtf8NamesReadTheSameInEveryOutputAndReader) {
  const std::string pprof = dir.file("p.pb.gz"), result = dir.file("result");
  // 499 Hz for 2 s of CPU: ~1000 samples, so the share's standard error is about 1.5 points.
  auto recorded =
      run_ember({"record", "--json", "-F", "499", "-o", pprof, "-o", dir.file("p.folded"), "-o",
                 dir.file("p.speedscope.json"), "-o", dir.file("p.svg"), "-o", dir.file("p.html"),
                 "--", target_path("odd_names_nofp"), "2", result});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const double measured = measured_ff_share(result);

  // The launched target's own stdout (its PID) comes first.
  const json summary = json::parse(recorded.out.substr(recorded.out.find('{')));
  const json& top = summary["top"];
  const double samples = summary["stats"]["samples"].get<double>();
  ASSERT_GT(samples, 100) << recorded.out;
  // The top table's value is CPU time: the share is the same by count or by time.
  expect_share(flat_of(top["flat"], kHotFF), flat_of(top["flat"], kHotFE), samples, measured,
               "ember record --json");

  // ember reads its own file back, and converts it.
  auto report = run_ember({"report", pprof, "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json reported = json::parse(report.out);
  expect_share(flat_of(reported["flat"], kHotFF), flat_of(reported["flat"], kHotFE), samples,
               measured, "ember report --json");
  auto text_report = run_ember({"report", pprof});
  ASSERT_EQ(text_report.exit_code, 0) << text_report.err;
  EXPECT_THAT(text_report.out, HasSubstr(kHotFF));
  ASSERT_EQ(run_ember({"convert", pprof, dir.file("c.folded")}).exit_code, 0);
  EXPECT_EQ(read_file(dir.file("c.folded")), read_file(dir.file("p.folded")));

  // Every text output carries the names as \xNN text and no invalid byte.
  for (const char* name : {"p.folded", "p.speedscope.json", "p.svg", "p.html"}) {
    const std::string text = read_file(dir.file(name));
    EXPECT_EQ(text.find('\xff'), std::string::npos) << name;
    EXPECT_EQ(text.find('\xfe'), std::string::npos) << name;
    // JSON (also the HTML page's embedded profile) writes the backslash as "\\".
    const bool json_text = std::string(name).find(".json") != std::string::npos ||
                           std::string(name).find(".html") != std::string::npos;
    EXPECT_THAT(text, HasSubstr(json_text ? "hot_\\\\xff" : kHotFF)) << name;
    EXPECT_THAT(text, HasSubstr(json_text ? "hot_\\\\xfe" : kHotFE)) << name;
  }
  EXPECT_TRUE(json::accept(read_file(dir.file("p.speedscope.json"))));

  // An independent reader sees the same names and the same split.
  if (!go_available()) GTEST_SKIP() << "go is not installed";
  std::string listing;
  auto rows = pprof_top(pprof, "samples", &listing);
  ASSERT_FALSE(rows.empty()) << listing;
  const double ff = rows[kHotFF].flat_percent, fe = rows[kHotFE].flat_percent;
  expect_share(ff, fe, samples, measured, "go tool pprof -top");
  EXPECT_THAT(pprof_output({"-tags"}, pprof), HasSubstr(kThread));
}

TEST_F(NameBytes, EmberdServesInvalidUtf8NamesAsJson) {
  EmberdProcess emberd;
  const std::string result = dir.file("result");
  const std::string id = emberd.start_session(
      {{"command", {target_path("odd_names_nofp"), "1", result}}, {"frequency_hz", 499}});
  // 1 s of CPU at 499 Hz: ~500 samples.
  ASSERT_FALSE(id.empty());
  const json session = emberd.wait_until_ended(id, std::chrono::seconds(30));
  ASSERT_EQ(session["state"], "finished") << session.dump();

  auto reply = emberd.get("/api/sessions/" + id + "/profile");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body.find('\xff'), std::string::npos);
  EXPECT_THAT(reply.body, HasSubstr(json(kThread).dump())) << "the thread_name label";
  const json profile = json::parse(reply.body);
  double ff = 0, fe = 0;
  for (const auto& function : profile["functions"]) {
    ff += function["name"] == kHotFF;
    fe += function["name"] == kHotFE;
  }
  EXPECT_EQ(ff, 1) << "one function named " << kHotFF;
  EXPECT_EQ(fe, 1) << "one function named " << kHotFE;
  const double measured = measured_ff_share(result);
  const double ff_share = cumulative_percent(profile, kHotFF);
  const double fe_share = cumulative_percent(profile, kHotFE);
  expect_share(ff_share, fe_share, static_cast<double>(sample_count(profile)), measured,
               "emberd profile JSON");

  // The sessions list and the pprof download read the same.
  auto list = emberd.get("/api/sessions");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(json::accept(list.body)) << list.body;
  auto pprof = emberd.get("/api/sessions/" + id + "/profile?format=pprof");
  ASSERT_EQ(pprof.status, 200) << pprof.body;
  const std::string file = dir.file("session.pb.gz");
  std::ofstream(file, std::ios::binary) << pprof.body;
  auto report = run_ember({"report", file});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr(kHotFF));
  EXPECT_THAT(report.out, Not(HasSubstr("\xff")));
}

}  // namespace
}  // namespace ember::test
