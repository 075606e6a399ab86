#include "ember/latency/latency_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace ember::latency {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kSecond = 1'000'000'000;

TEST(LatencyFile, HeyCsvRowsAreRequestsOnTheLoadsClock) {
  const std::string hey =
      "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\n"
      "0.0200,0.0001,0.0000,0.0000,0.0199,0.0000,200,0.5000\n"
      "1.2500,0.0000,0.0000,0.0000,1.2500,0.0000,200,0.9000\n";
  const int64_t start = 1'700'000'000 * kSecond;
  auto series = parse_latency(hey, start);
  ASSERT_TRUE(series.ok()) << series.error().message;
  ASSERT_EQ(series->requests.size(), 2u);
  EXPECT_EQ(series->requests[0].start_nanos, start + kSecond / 2);
  EXPECT_DOUBLE_EQ(series->requests[1].latency_ms, 1250);
  // The slow request is in flight during the first, second and third seconds.
  ASSERT_EQ(series->seconds.size(), 3u);
  EXPECT_EQ(series->seconds[0].unix_second, 1'700'000'000);
  EXPECT_EQ(series->seconds[0].requests, 2);
  EXPECT_DOUBLE_EQ(series->seconds[0].p50_ms, 20);
  EXPECT_DOUBLE_EQ(series->seconds[0].p99_ms, 1250);
  EXPECT_EQ(series->seconds[2].requests, 1);

  auto without_start = parse_latency(hey);
  ASSERT_FALSE(without_start.ok());
  EXPECT_THAT(without_start.error().message, HasSubstr("ember record --load"));
  EXPECT_TRUE(needs_load_start("\n" + hey));
  EXPECT_FALSE(needs_load_start("unix_time_seconds,latency_ms\n1700000000,5\n"));
  EXPECT_FALSE(needs_load_start(""));
}

TEST(LatencyFile, K6PointsAreRequestsSentTheirDurationBeforeTheirTime) {
  auto series = read_latency_file(LATENCY_TESTDATA "/k6_points.json");
  ASSERT_TRUE(series.ok()) << series.error().message;
  // Only http_req_duration points count; times with offsets and Z agree.
  ASSERT_EQ(series->requests.size(), 4u);
  const int64_t nine = 1'709'283'600;  // 2024-03-01T09:00:00Z
  EXPECT_EQ(series->requests[0].start_nanos, nine * kSecond + 250'000'000 - 12'500'000);
  EXPECT_DOUBLE_EQ(series->requests[0].latency_ms, 12.5);
  EXPECT_EQ(series->requests[2].start_nanos, (nine + 1) * kSecond);
  EXPECT_DOUBLE_EQ(series->requests[2].latency_ms, 1100);
  ASSERT_EQ(series->seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(series->seconds[0].p99_ms, 12.5);
  EXPECT_DOUBLE_EQ(series->seconds[1].p99_ms, 1100);
  EXPECT_DOUBLE_EQ(series->seconds[2].p50_ms, 11);
}

TEST(LatencyFile, LocustHistoryGivesTheAggregatedSeconds) {
  const std::string locust =
      "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,"
      "99.9%,99.99%,100%,Total Request Count,Total Failure Count\n"
      "1700000000,0,,Aggregated,0.000000,0.000000,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0\n"
      "1700000001,4,GET,\"/a,b\",150.5,0,21,22,22,23,24,25,26,28,30,31,31,150,0\n"
      "1700000001,4,,Aggregated,150.5,0,21,22,22,23,24,25,26,28,30,31,31,150,0\n"
      "1700000002,4,,Aggregated,120,0,22,23,24,25,30,900,1000,1010,1020,1020,1020,270,0\n";
  auto series = parse_latency(locust);
  ASSERT_TRUE(series.ok()) << series.error().message;
  EXPECT_TRUE(series->requests.empty());
  ASSERT_EQ(series->seconds.size(), 2u);  // the N/A second has no latency
  EXPECT_EQ(series->seconds[0].unix_second, 1'700'000'001);
  EXPECT_EQ(series->seconds[0].requests, 151);
  EXPECT_DOUBLE_EQ(series->seconds[0].p95_ms, 25);
  EXPECT_DOUBLE_EQ(series->seconds[1].p99_ms, 1010);
}

TEST(LatencyFile, PlainCsvPerRequestAndPerSecondWithOrWithoutHeader) {
  auto requests =
      parse_latency("unix_time_seconds,latency_ms\n1700000000.25,3.5\n1700000000.5,7\n");
  ASSERT_TRUE(requests.ok()) << requests.error().message;
  ASSERT_EQ(requests->requests.size(), 2u);
  EXPECT_EQ(requests->requests[0].start_nanos, 1'700'000'000 * kSecond + kSecond / 4);
  auto bare = parse_latency("1700000000.25,3.5\n1700000000.5,7\n");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->requests.size(), 2u);

  auto seconds =
      parse_latency("unix_time_seconds,p50_ms,p99_ms\n1700000000,5,9\n1700000001,6,800\n");
  ASSERT_TRUE(seconds.ok()) << seconds.error().message;
  ASSERT_EQ(seconds->seconds.size(), 2u);
  EXPECT_TRUE(std::isnan(seconds->seconds[0].p95_ms));
  EXPECT_DOUBLE_EQ(seconds->seconds[1].p99_ms, 800);
}

TEST(LatencyFile, WhatIsWrittenReadsBackTheSame) {
  auto requests = parse_latency("1700000000.25,3.5\n1700000001.125,700.25\n");
  ASSERT_TRUE(requests.ok());
  auto again = parse_latency(write_latency_csv(*requests));
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->requests.size(), 2u);
  EXPECT_EQ(again->requests[1].start_nanos, requests->requests[1].start_nanos);
  EXPECT_DOUBLE_EQ(again->requests[1].latency_ms, 700.25);

  auto seconds = parse_latency("1700000000,5,7,9\n1700000001,6,700,800\n");
  ASSERT_TRUE(seconds.ok());
  auto seconds_again = parse_latency(write_latency_csv(*seconds));
  ASSERT_TRUE(seconds_again.ok()) << seconds_again.error().message;
  EXPECT_DOUBLE_EQ(seconds_again->seconds[1].p95_ms, 700);
}

TEST(LatencyFile, BadInputGetsOneClearMessage) {
  auto unknown = parse_latency("<html>not a latency file</html>\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message, HasSubstr("unknown latency format"));

  auto empty = parse_latency("\n\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr("no latencies"));

  auto header_only = parse_latency("unix_time_seconds,latency_ms\n");
  ASSERT_FALSE(header_only.ok());
  EXPECT_THAT(header_only.error().message, HasSubstr("no latencies"));

  auto ragged = parse_latency("1700000000,3\n1700000001,x\n");
  ASSERT_FALSE(ragged.ok());
  EXPECT_THAT(ragged.error().message, HasSubstr("line 2"));

  auto huge = parse_latency("1700000000,1e12\n");
  ASSERT_FALSE(huge.ok());
  EXPECT_THAT(huge.error().message, HasSubstr("over a day"));

  auto missing = read_latency_file("/nonexistent/latency.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("cannot read"));
}

}  // namespace
}  // namespace ember::latency
