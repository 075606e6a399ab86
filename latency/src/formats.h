// One reader per load tool's format; latency_file.cpp picks one by the file's first line.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ember/latency/latency_series.h"
#include "ember/result.h"

namespace ember::latency {

bool is_hey_csv(std::string_view first_line);
Result<Series> parse_hey_csv(std::string_view text, std::optional<int64_t> load_start_nanos);

bool is_locust_history(std::string_view first_line);
Result<Series> parse_locust_history(std::string_view text);

bool is_k6_json(std::string_view first_line);
Result<Series> parse_k6_json(std::string_view text);

bool is_plain_csv(std::string_view first_line);
Result<Series> parse_plain_csv(std::string_view text);

}  // namespace ember::latency
