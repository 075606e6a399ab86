// Whole-file reads for small text files (/proc files, kallsyms, perf maps).
#pragma once

#include <cstddef>
#include <string>

#include "ember/result.h"

namespace ember::symbolizer {

// /proc files report size 0, so these read until end of file rather than trusting fstat.
// Reading stops with an error past `max_bytes`, which bounds memory on hostile input.
Result<std::string> read_whole_fd(int fd, size_t max_bytes);
Result<std::string> read_whole_file(const std::string& path, size_t max_bytes);

}  // namespace ember::symbolizer
