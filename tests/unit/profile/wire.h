// The wire form of profiles, for tests that inspect or tamper with what write_pprof produces.
#pragma once

#include <string>

#include "ember/profile/profile.h"
#include "profile.pb.h"

namespace ember::profile::testing {

// write_pprof's output, decompressed and parsed.
pprof::Profile to_wire(const Profile& profile);

// Serialized without gzip, as some producers write it.
std::string raw_bytes(const pprof::Profile& message);

}  // namespace ember::profile::testing
