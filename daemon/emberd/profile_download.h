// A profile as an HTTP response in one of the API's formats.
#pragma once

#include <optional>
#include <string>

#include "ember/format/file_formats.h"
#include "ember/profile/profile.h"
#include "ember/result.h"
#include "ember/server/response.h"

namespace ember::emberd {

// JSON (the UI's own, answered inline; no value) or a file format.
using ProfileFormat = std::optional<format::FileFormat>;

// "json", "pprof", ... ; an error listing the accepted names otherwise.
Result<ProfileFormat> parse_profile_format(const std::string& name);

// JSON answers inline; every other format is a download named `file_stem` plus its extension.
Result<server::Response> profile_response(const profile::Profile& profile, ProfileFormat format,
                                          const std::string& file_stem);

}  // namespace ember::emberd
