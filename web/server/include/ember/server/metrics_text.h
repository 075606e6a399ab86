// Prometheus' text exposition format (version 0.0.4).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ember::server {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText {
 public:
  // Starts a metric family: its # HELP and # TYPE lines. `type` is "counter" or "gauge".
  void family(const std::string& name, const std::string& type, const std::string& help);
  void sample(const std::string& name, const MetricLabels& labels, int64_t value);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace ember::server
