// pprof has no field for collection statistics, so Profile::stats travel as comments of the
// form "ember.stat NAME=VALUE"; the reader turns them back into stats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ember::profile {

std::string format_stat_comment(const std::string& name, int64_t value);

// {name, value} when `comment` is a well-formed stat comment, otherwise nothing (it is then an
// ordinary comment).
std::optional<std::pair<std::string, int64_t>> parse_stat_comment(std::string_view comment);

}  // namespace ember::profile
