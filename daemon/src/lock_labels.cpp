#include "lock_labels.h"

#include <cstdio>
#include <optional>
#include <string_view>

namespace ember::daemon {

namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// Calls `visit(function name, mapping file)` for the sample's frames, leaf first (inlined
// functions before the function they are in), until it returns true.
template <class Visit>
void for_each_frame(const profile::Profile& profile, const profile::Sample& sample, Visit&& visit) {
  for (uint64_t location_id : sample.location_ids) {
    const profile::Location& location = profile.location(location_id);
    const std::string& file =
        location.mapping_id ? profile.mapping(location.mapping_id).file : std::string();
    for (const profile::Line& line : location.lines)
      if (visit(profile.function(line.function_id).name, file)) return;
  }
}

// "condition variable", "rwlock" or "mutex" by the nearest frame that says, else `by_op`.
std::string lock_class(const profile::Profile& profile, const profile::Sample& sample,
                       const std::string& by_op) {
  std::string found = by_op;
  for_each_frame(profile, sample, [&](const std::string& name, const std::string&) {
    if (name.find("pthread_cond_") != std::string::npos ||
        name.find("condition_variable") != std::string::npos) {
      found = "condition variable";
      return true;
    }
    // Before the mutex test: std::shared_mutex::lock also contains "mutex::lock".
    if (name.find("pthread_rwlock_") != std::string::npos ||
        name.find("shared_mutex") != std::string::npos) {
      found = "rwlock";
      return true;
    }
    if (name.find("pthread_mutex") != std::string::npos ||
        name.find("lll_lock") != std::string::npos ||
        name.find("mutex::lock") != std::string::npos) {
      found = "mutex";
      return true;
    }
    return false;
  });
  return found;
}

bool is_runtime_or_kernel(const std::string& file) {
  const std::string_view base = std::string_view(file).substr(file.rfind('/') + 1);
  for (std::string_view runtime : {"libc.so", "libc-", "libpthread", "libstdc++", "ld-linux"})
    if (base.starts_with(runtime)) return true;
  return file.empty() || file.front() == '[';
}

// The first function outside the runtimes and the kernel, or "".
std::string first_own_function(const profile::Profile& profile, const profile::Sample& sample) {
  std::string found;
  for_each_frame(profile, sample, [&](const std::string& name, const std::string& file) {
    if (is_runtime_or_kernel(file)) return false;
    found = name;
    return true;
  });
  return found;
}

}  // namespace

void label_lock_samples(profile::Profile& profile, const LockNames& names) {
  // The earliest waiting sample per lock, for locks without a name.
  std::map<std::pair<uint32_t, uint64_t>, const profile::Sample*> first_waiter;
  auto key_of = [](profile::Sample& sample) -> std::optional<std::pair<uint32_t, uint64_t>> {
    const profile::Label* address = sample.label("lock_addr");
    const profile::Label* pid = sample.label("pid");
    if (!address || !pid) return std::nullopt;
    return std::pair{static_cast<uint32_t>(pid->num), static_cast<uint64_t>(address->num)};
  };
  for (auto& sample : profile.samples) {
    auto key = key_of(sample);
    if (!key || !sample.label("lock_class")) continue;
    const profile::Sample*& first = first_waiter[*key];
    if (!first || sample.time_nanos < first->time_nanos) first = &sample;
  }
  std::map<std::pair<uint32_t, uint64_t>, std::string> heap_names;
  for (const auto& [key, sample] : first_waiter) {
    if (names.count(key)) continue;
    const std::string function = first_own_function(profile, *sample);
    heap_names[key] =
        "heap " + hex(key.second) + (function.empty() ? "" : " (first waited in " + function + ")");
  }
  for (auto& sample : profile.samples) {
    auto key = key_of(sample);
    if (!key) continue;
    profile::Label* wait = sample.label("lock_class");
    std::string name;
    if (auto named = names.find(*key); named != names.end()) {
      name = named->second;
    } else if (wait && wait->str == "kernel") {
      name = "kernel " + hex(key->second);
    } else if (auto heap = heap_names.find(*key); heap != heap_names.end()) {
      name = heap->second;
    } else {
      name = "heap " + hex(key->second);
    }
    if (wait && wait->str != "kernel") wait->str = lock_class(profile, sample, wait->str);
    sample.labels.push_back({"lock", name, 0, {}});
  }
}

}  // namespace ember::daemon
