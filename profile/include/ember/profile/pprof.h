// The pprof codec: profile.proto messages, gzip-compressed on write; read accepts gzip or raw.
#pragma once

#include <string>
#include <string_view>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::profile {

// Serializes to gzip-compressed protobuf bytes (what `go tool pprof` reads).
Result<std::string> write_pprof(const Profile& profile);

// Parses gzip-compressed or plain protobuf bytes, from ember or any other pprof producer
// (Go, Pyroscope...). Ids are renumbered to be dense; the result passes validate().
Result<Profile> read_pprof(std::string_view bytes);

// Reads a whole file, then read_pprof.
Result<Profile> read_pprof_file(const std::string& path);

}  // namespace ember::profile
