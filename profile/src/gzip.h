// gzip (RFC 1952) compression for the pprof codec.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ember/result.h"

namespace ember::profile {

// True when `bytes` starts with the gzip magic number.
bool is_gzip(std::string_view bytes);

Result<std::string> gzip_compress(std::string_view bytes);

// Inflates all gzip members in `bytes`. Output beyond `max_size` bytes is an error, so a small
// hostile file cannot make us allocate without bound.
Result<std::string> gzip_decompress(std::string_view bytes, size_t max_size);

}  // namespace ember::profile
