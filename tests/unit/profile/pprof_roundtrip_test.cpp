#include <gtest/gtest.h>

#include <set>

#include "command.h"
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "gzip.h"
#include "profile_printer.h"
#include "sample_profile.h"
#include "wire.h"

namespace ember::profile {
namespace {

using testing::raw_bytes;
using testing::sample_profile;
using testing::to_wire;

// pprof has no per-sample time, so that is the one thing a round trip loses.
Profile without_sample_times(Profile p) {
  for (Sample& s : p.samples) s.time_nanos = 0;
  return p;
}

Profile round_trip(const Profile& p) {
  Result<std::string> bytes = write_pprof(p);
  EXPECT_TRUE(bytes.ok()) << bytes.error().message;
  Result<Profile> back = read_pprof(*bytes);
  EXPECT_TRUE(back.ok()) << back.error().message;
  return back.ok() ? *back : Profile{};
}

TEST(PprofRoundTrip, ReadingWhatWasWrittenGivesTheSameProfile) {
  Profile original = sample_profile();
  EXPECT_EQ(round_trip(original), without_sample_times(original));
}

TEST(PprofRoundTrip, EmptyProfileRoundTrips) {
  Profile empty;
  EXPECT_EQ(round_trip(empty), empty);
}

TEST(PprofWriter, WritesGzipWithADeduplicatedStringTable) {
  Result<std::string> bytes = write_pprof(sample_profile());
  ASSERT_TRUE(bytes.ok());
  EXPECT_TRUE(is_gzip(*bytes));

  pprof::Profile wire = to_wire(sample_profile());
  ASSERT_GT(wire.string_table_size(), 0);
  EXPECT_EQ(wire.string_table(0), "");
  std::set<std::string> unique(wire.string_table().begin(), wire.string_table().end());
  EXPECT_EQ(unique.size(), static_cast<size_t>(wire.string_table_size()));
  EXPECT_EQ(wire.string_table(wire.default_sample_type()), "cpu");
  EXPECT_EQ(wire.period(), 10'101'010);
}

TEST(PprofWriter, WritesStatsAsCommentsThatTheReaderTurnsBackIntoStats) {
  Profile p = sample_profile();
  pprof::Profile wire = to_wire(p);
  std::vector<std::string> comments;
  for (int64_t index : wire.comment()) comments.push_back(wire.string_table(index));
  EXPECT_EQ(comments, (std::vector<std::string>{"recorded by a test", "ember.stat lost_samples=2",
                                                "ember.stat samples=11"}));

  Profile back = round_trip(p);
  EXPECT_EQ(back.comments, p.comments);
  EXPECT_EQ(back.stats, p.stats);
}

TEST(PprofReader, CommentsThatOnlyLookLikeStatsStayComments) {
  Profile p;
  p.comments = {"ember.stat nonumber=", "ember.stat =5", "ember.stat x=1y", "ember.stats a=1"};
  Profile back = round_trip(p);
  EXPECT_EQ(back.comments, p.comments);
  EXPECT_TRUE(back.stats.empty());
}

TEST(PprofReader, ReadsUncompressedProtobuf) {
  Result<Profile> back = read_pprof(raw_bytes(to_wire(sample_profile())));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, without_sample_times(sample_profile()));
}

TEST(PprofReader, RenumbersSparseIdsDensely) {
  // Other producers may use any unique non-zero ids, in any order.
  pprof::Profile wire = to_wire(sample_profile());
  auto sparse = [](uint64_t id) { return id * 1000 + 7; };
  for (auto& m : *wire.mutable_mapping()) m.set_id(sparse(m.id()));
  for (auto& f : *wire.mutable_function()) f.set_id(sparse(f.id()));
  for (auto& l : *wire.mutable_location()) {
    l.set_id(sparse(l.id()));
    l.set_mapping_id(sparse(l.mapping_id()));
    for (auto& line : *l.mutable_line()) line.set_function_id(sparse(line.function_id()));
  }
  for (auto& s : *wire.mutable_sample())
    for (auto& id : *s.mutable_location_id()) id = sparse(id);

  Result<Profile> back = read_pprof(raw_bytes(wire));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(validate(*back).ok());
  EXPECT_EQ(*back, without_sample_times(sample_profile()));
}

TEST(PprofReader, ReadsFilesAndNamesTheFileInErrors) {
  testing::TempDir dir;
  std::filesystem::path path = dir.path() / "cpu.pb.gz";
  testing::write_file(path, *write_pprof(sample_profile()));
  Result<Profile> back = read_pprof_file(path.string());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->samples.size(), sample_profile().samples.size());

  Result<Profile> missing = read_pprof_file((dir.path() / "missing.pb.gz").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("missing.pb.gz"), std::string::npos);

  testing::write_file(path, "not a profile at all");
  Result<Profile> garbage = read_pprof_file(path.string());
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("cpu.pb.gz"), std::string::npos);
}

TEST(PprofWriter, RefusesAnInvalidProfile) {
  Profile p = sample_profile();
  p.samples[0].values.pop_back();
  Result<std::string> bytes = write_pprof(p);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message.find("values"), std::string::npos);
}

}  // namespace
}  // namespace ember::profile
