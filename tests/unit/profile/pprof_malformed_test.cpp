// Whatever bytes come in, read_pprof answers with a profile that passes validate() or with an
// error; it never crashes (the sanitizer build runs these too).
#include <gtest/gtest.h>

#include <functional>

#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "gzip.h"
#include "sample_profile.h"
#include "wire.h"

namespace ember::profile {
namespace {

using testing::raw_bytes;
using testing::to_wire;

// Reads `bytes`, expecting an error whose message contains `expected`.
void expect_error(std::string_view bytes, const std::string& expected) {
  Result<Profile> p = read_pprof(bytes);
  ASSERT_FALSE(p.ok()) << "expected an error mentioning \"" << expected << "\"";
  EXPECT_NE(p.error().message.find(expected), std::string::npos) << p.error().message;
  EXPECT_EQ(p.error().message.find('\n'), std::string::npos) << "one line: " << p.error().message;
}

// The sample profile's wire form, changed by `tamper`, must be rejected with `expected`.
void expect_tampered_error(const std::function<void(pprof::Profile&)>& tamper,
                           const std::string& expected) {
  pprof::Profile wire = to_wire(testing::sample_profile());
  tamper(wire);
  expect_error(raw_bytes(wire), expected);
}

TEST(PprofMalformed, EmptyGarbageAndBrokenGzip) {
  expect_error("", "empty");
  expect_error("\xff\xff\xff\xff garbage", "malformed pprof");
  std::string gz = *write_pprof(testing::sample_profile());
  expect_error(gz.substr(0, gz.size() - 10), "truncated");
  std::string corrupt = gz;
  for (size_t i = 12; i < corrupt.size(); i += 3) corrupt[i] = static_cast<char>(~corrupt[i]);
  expect_error(corrupt, "gzip");
}

TEST(PprofMalformed, TruncatedProtobuf) {
  std::string raw = raw_bytes(to_wire(testing::sample_profile()));
  expect_error(raw.substr(0, raw.size() - 3), "malformed pprof");
}

TEST(PprofMalformed, GzippedGarbage) {
  expect_error(*gzip_compress("\xff\xff\xff\xff this is no protobuf"), "not a valid");
}

TEST(PprofMalformed, StringTableMustStartEmpty) {
  expect_tampered_error([](pprof::Profile& w) { w.set_string_table(0, std::string("x")); },
                        "string table");
  expect_tampered_error([](pprof::Profile& w) { w.clear_string_table(); }, "string table");
}

TEST(PprofMalformed, StringIndexOutOfRange) {
  expect_tampered_error(
      [](pprof::Profile& w) { w.mutable_sample(0)->mutable_label(0)->set_key(100000); },
      "outside the string table");
  expect_tampered_error([](pprof::Profile& w) { w.mutable_function(0)->set_name(-1); },
                        "function name refers to string -1");
  expect_tampered_error([](pprof::Profile& w) { w.add_comment(w.string_table_size()); }, "comment");
  expect_tampered_error([](pprof::Profile& w) { w.set_default_sample_type(1 << 30); },
                        "default sample type");
}

TEST(PprofMalformed, DanglingIds) {
  expect_tampered_error([](pprof::Profile& w) { w.mutable_sample(0)->set_location_id(0, 999); },
                        "missing location 999");
  expect_tampered_error(
      [](pprof::Profile& w) { w.mutable_location(0)->mutable_line(0)->set_function_id(999); },
      "missing function 999");
  expect_tampered_error([](pprof::Profile& w) { w.mutable_location(0)->set_mapping_id(999); },
                        "missing mapping 999");
}

TEST(PprofMalformed, ZeroAndDuplicateIds) {
  expect_tampered_error([](pprof::Profile& w) { w.mutable_function(0)->set_id(0); },
                        "function has id 0");
  expect_tampered_error([](pprof::Profile& w) { w.mutable_location(1)->set_id(1); },
                        "location id 1 is used twice");
}

TEST(PprofMalformed, SampleValuesMustMatchSampleTypes) {
  expect_tampered_error([](pprof::Profile& w) { w.mutable_sample(0)->add_value(1); }, "3 values");
}

TEST(PprofMalformed, LabelWithStringAndNumber) {
  expect_tampered_error(
      [](pprof::Profile& w) {
        pprof::Label* l = w.mutable_sample(0)->mutable_label(1);  // thread_name="worker"
        l->set_num(5);
      },
      "both a string and a number");
}

TEST(PprofMalformed, EveryByteFlipAndTruncationIsHandled) {
  std::string raw = raw_bytes(to_wire(testing::sample_profile()));
  std::string gz = *write_pprof(testing::sample_profile());
  auto check = [](const std::string& bytes) {
    Result<Profile> p = read_pprof(bytes);
    if (p.ok()) {
      EXPECT_TRUE(validate(*p).ok());
    }
  };
  for (const std::string& original : {raw, gz}) {
    for (size_t i = 0; i < original.size(); ++i) {
      check(original.substr(0, i));
      for (unsigned char flip : {0x01, 0x80, 0xff}) {
        std::string mutated = original;
        mutated[i] = static_cast<char>(mutated[i] ^ flip);
        check(mutated);
      }
    }
  }
}

}  // namespace
}  // namespace ember::profile
