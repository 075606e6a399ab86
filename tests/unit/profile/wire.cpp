#include "wire.h"

#include <gtest/gtest.h>

#include "ember/profile/pprof.h"
#include "gzip.h"

namespace ember::profile::testing {

pprof::Profile to_wire(const Profile& profile) {
  pprof::Profile message;
  Result<std::string> written = write_pprof(profile);
  EXPECT_TRUE(written.ok()) << written.error().message;
  if (!written) return message;
  Result<std::string> raw = gzip_decompress(*written, size_t{1} << 30);
  EXPECT_TRUE(raw.ok()) << raw.error().message;
  if (raw) {
    EXPECT_TRUE(message.ParseFromString(*raw));
  }
  return message;
}

std::string raw_bytes(const pprof::Profile& message) {
  return message.SerializeAsString();
}

}  // namespace ember::profile::testing
