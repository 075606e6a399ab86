#include "ember/daemon/recording_option_table.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "ember/daemon/duration.h"

namespace ember::daemon {

namespace {

Result<int64_t> integer(const std::string& text, std::string_view name, int64_t min, int64_t max) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return make_error(std::string(name) + " must be an integer from " + std::to_string(min) +
                      " to " + std::to_string(max) + ", not '" + text.substr(0, 40) + "'");
  return value;
}

Result<double> number(const std::string& text, std::string_view name, double min, double max) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < min || value > max)
    return make_error(std::string(name) + " must be a number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", not '" + text.substr(0, 40) + "'");
  return value;
}

std::string trimmed(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

constexpr std::array kOptions = {
    RecordingOption{
        "-F,--frequency", "frequency_hz", "On-CPU samples per second per CPU", false, "",
        [](RecordingOptions& options, const std::string& text) -> Result<void> {
          auto hz = integer(text, "the frequency", 1, 10'000);
          if (!hz) return hz.error();
          options.frequency_hz = static_cast<int>(*hz);
          return {};
        },
        [](const RecordingOptions& options) { return std::to_string(options.frequency_hz); }},
    RecordingOption{
        "--unwind", "unwind",
        "User stacks: fp (frame pointers), dwarf (CFI from a stack copy), auto (CFI, frame "
        "pointers where CFI falls short)",
        false, "",
        [](RecordingOptions& options, const std::string& text) -> Result<void> {
          if (text == "auto")
            options.unwind = UnwindMode::automatic;
          else if (text == "fp")
            options.unwind = UnwindMode::frame_pointers;
          else if (text == "dwarf")
            options.unwind = UnwindMode::dwarf;
          else
            return make_error("unknown unwind mode '" + text.substr(0, 40) +
                              "': use auto, fp or dwarf");
          return {};
        },
        [](const RecordingOptions& options) -> std::string {
          switch (options.unwind) {
            case UnwindMode::frame_pointers:
              return "fp";
            case UnwindMode::dwarf:
              return "dwarf";
            case UnwindMode::automatic:
              break;
          }
          return "auto";
        }},
    RecordingOption{
        "--stack-copy", "stack_copy",
        "Bytes of user stack copied per sample for dwarf/auto (512 to 32768)", false, "",
        [](RecordingOptions& options, const std::string& text) -> Result<void> {
          auto bytes = integer(text, "the stack copy", 512, 32768);
          if (!bytes) return bytes.error();
          options.stack_copy_bytes = static_cast<uint32_t>(*bytes);
          return {};
        },
        [](const RecordingOptions& options) { return std::to_string(options.stack_copy_bytes); }},
    RecordingOption{"--offcpu-min", "offcpu_min",
                    "Off-CPU waits shorter than this get no stack (their time is still counted)",
                    false, "",
                    [](RecordingOptions& options, const std::string& text) -> Result<void> {
                      auto duration = parse_duration(text);
                      if (!duration)
                        return make_error("the off-CPU minimum: " + duration.error().message);
                      options.offcpu_min_block = *duration;
                      return {};
                    },
                    [](const RecordingOptions& options) {
                      return std::to_string(options.offcpu_min_block.count() / 1000) + "us";
                    }},
    RecordingOption{"--no-wakers", "wakers",
                    "Off-CPU: skip the stacks of what woke each wait (one capture less per wait)",
                    true, "false",
                    [](RecordingOptions& options, const std::string& text) -> Result<void> {
                      if (text != "true" && text != "false")
                        return make_error("wakers must be true or false, not '" +
                                          text.substr(0, 40) + "'");
                      options.offcpu_wakers = text == "true";
                      return {};
                    },
                    [](const RecordingOptions& options) -> std::string {
                      return options.offcpu_wakers ? "true" : "false";
                    }},
    RecordingOption{
        "--alloc-sample", "alloc_sample",
        "alloc with -- CMD: mean bytes between sampled allocations (0: memory growth from brk, "
        "mmap and page faults instead, as with --pid)",
        false, "",
        [](RecordingOptions& options, const std::string& text) -> Result<void> {
          auto bytes = integer(text, "the allocation sampling interval", 0, int64_t{1} << 40);
          if (!bytes) return bytes.error();
          options.alloc_sample_bytes = static_cast<uint64_t>(*bytes);
          return {};
        },
        [](const RecordingOptions& options) { return std::to_string(options.alloc_sample_bytes); }},
    RecordingOption{
        "--alloc-max-overhead", "alloc_max_overhead",
        "alloc with -- CMD: most of each thread's time, in percent, spent reporting sampled "
        "allocations; beyond it a thread samples less often (0: no limit)",
        false, "",
        [](RecordingOptions& options, const std::string& text) -> Result<void> {
          auto percent = number(text, "the allocation overhead limit", 0, 50);
          if (!percent) return percent.error();
          options.alloc_max_overhead_percent = *percent;
          return {};
        },
        [](const RecordingOptions& options) {
          return trimmed(options.alloc_max_overhead_percent);
        }},
};

}  // namespace

std::span<const RecordingOption> recording_option_table() {
  return kOptions;
}

}  // namespace ember::daemon
