// Query strings, listen addresses, URLs and metrics text: the server's small parsers/writers.
#include <gtest/gtest.h>

#include "ember/server/http_client.h"
#include "ember/server/listen_address.h"
#include "ember/server/metrics_text.h"
#include "ember/server/request.h"

namespace ember::server {
namespace {

TEST(ParseQuery, DecodesEscapesAndPlusAndKeepsTheFirstValue) {
  auto query = parse_query("a=1&label=ramp%20up+now&empty=&flag&a=2&&x%3Dy=z");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->at("a"), "1");
  EXPECT_EQ(query->at("label"), "ramp up now");
  EXPECT_EQ(query->at("empty"), "");
  EXPECT_EQ(query->at("flag"), "");
  EXPECT_EQ(query->at("x=y"), "z");
}

TEST(ParseQuery, RejectsMalformedEscapes) {
  for (const char* text : {"a=%", "a=%4", "a=%zz", "%g1=2", "a=1%"})
    EXPECT_FALSE(parse_query(text).ok()) << text;
}

TEST(QueryInteger, AcceptsOnlyWholeNumbersInRange) {
  Request request;
  request.query = {{"ok", "42"},   {"neg", "-1"},    {"big", "101"},
                   {"text", "4x"}, {"float", "1.5"}, {"empty", ""}};
  EXPECT_EQ(query_integer(request, "ok", 0, 100).value(), 42);
  EXPECT_FALSE(query_integer(request, "absent", 0, 100).value().has_value());
  for (const char* name : {"neg", "big", "text", "float", "empty"}) {
    auto value = query_integer(request, name, 0, 100);
    ASSERT_FALSE(value.ok()) << name;
    EXPECT_NE(value.error().message.find(name), std::string::npos);
  }
}

TEST(ListenAddress, KnowsLoopback) {
  EXPECT_TRUE(parse_listen_address("127.0.0.1:7070")->loopback);
  EXPECT_TRUE(parse_listen_address("127.0.0.2:0")->loopback);
  EXPECT_TRUE(parse_listen_address("[::1]:7070")->loopback);
  EXPECT_FALSE(parse_listen_address("0.0.0.0:7070")->loopback);
  EXPECT_FALSE(parse_listen_address("[::]:7070")->loopback);
  EXPECT_FALSE(parse_listen_address("10.1.2.3:80")->loopback);
  EXPECT_EQ(parse_listen_address("[::1]:7070")->host, "::1");
  EXPECT_EQ(parse_listen_address("127.0.0.1:7070")->port, 7070);
  for (const char* bad :
       {"", "7070", ":7070", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "host:80", "[::1:80"})
    EXPECT_FALSE(parse_listen_address(bad).ok()) << bad;
}

TEST(ListenAddress, TakesAUnixSocketPath) {
  auto address = parse_listen_address("unix:/run/emberd.sock");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->unix_path, "/run/emberd.sock");
  EXPECT_TRUE(address->loopback);
  EXPECT_TRUE(parse_listen_address("127.0.0.1:7070")->unix_path.empty());
  for (const std::string& bad : {std::string("unix:"), "unix:" + std::string(108, 'a')})
    EXPECT_FALSE(parse_listen_address(bad).ok()) << bad;
}

TEST(HttpUrl, SplitsHostPortAndPrefix) {
  auto url = parse_http_url("http://127.0.0.1:7070/ember/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 7070);
  EXPECT_EQ(url->path_prefix, "/ember");
  EXPECT_EQ(parse_http_url("http://localhost")->port, 80);
  EXPECT_EQ(parse_http_url("http://[::1]:8080")->host, "::1");
  for (const char* bad : {"https://x", "127.0.0.1:7070", "http://", "http://x:0", "http://x:port"})
    EXPECT_FALSE(parse_http_url(bad).ok()) << bad;
}

TEST(MetricsText, WritesFamiliesAndEscapesLabelValues) {
  MetricsText text;
  text.family("ember_x_total", "counter", "Things.");
  text.sample("ember_x_total", {{"session", "a\"b\\c\nd"}}, 3);
  text.sample("ember_y", {}, -1);
  EXPECT_EQ(text.text(),
            "# HELP ember_x_total Things.\n# TYPE ember_x_total counter\n"
            "ember_x_total{session=\"a\\\"b\\\\c\\nd\"} 3\nember_y -1\n");
}

}  // namespace
}  // namespace ember::server
