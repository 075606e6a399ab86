#include "process_mappings.h"

#include <algorithm>
#include <cstdio>

#include "ember/symbolizer/perf_map_file.h"

namespace ember::symbolizer {
namespace {

bool same_mapping(const PinnedMapping& pinned, const MapsEntry& entry) {
  return pinned.start == entry.start && pinned.limit == entry.end &&
         pinned.offset == entry.offset && pinned.executable == entry.executable &&
         pinned.path == strip_deleted_suffix(entry.path);
}

}  // namespace

std::string PinnedMapping::module_name() const {
  if (path.empty()) return "[anon]";
  return path.substr(path.rfind('/') + 1);
}

void ProcessMappings::update(const std::vector<MapsEntry>& entries, const std::string& proc_root,
                             uint32_t pid, OpenFiles& files) {
  const std::string proc_dir = proc_root + "/" + std::to_string(pid);
  std::shared_ptr<PerfMapReader> perf_map;
  for (const auto& pinned : mappings_)
    if (pinned->perf_map) perf_map = pinned->perf_map;

  std::vector<std::shared_ptr<const PinnedMapping>> updated;
  updated.reserve(entries.size());
  auto old = mappings_.begin();
  for (const MapsEntry& entry : entries) {
    // Both lists are sorted by start: walk the old one alongside to find unchanged mappings.
    while (old != mappings_.end() && (*old)->start < entry.start) ++old;
    if (old != mappings_.end() && same_mapping(**old, entry) &&
        ((*old)->file || (*old)->perf_map || !entry.executable)) {
      updated.push_back(*old);
      continue;
    }
    if (!updated.empty() && updated.back()->limit > entry.start) continue;  // keep disjoint

    auto pinned = std::make_shared<PinnedMapping>();
    pinned->pid = pid;
    pinned->start = entry.start;
    pinned->limit = entry.end;
    pinned->offset = entry.offset;
    pinned->executable = entry.executable;
    pinned->path = std::string(strip_deleted_suffix(entry.path));
    if (entry.executable && entry.is_file()) {
      pinned->file = files.open(proc_root, pid, entry);
    } else if (entry.executable && pinned->is_vdso()) {
      pinned->file = files.vdso(proc_dir, entry.start, entry.end);
    } else if (entry.executable && entry.path.empty()) {
      if (!perf_map) perf_map = std::make_shared<PerfMapReader>(perf_map_file(proc_root, pid));
      pinned->perf_map = perf_map;
    }
    updated.push_back(std::move(pinned));
  }
  mappings_ = std::move(updated);
}

std::shared_ptr<const PinnedMapping> ProcessMappings::find(uint64_t address) const {
  auto above = std::upper_bound(
      mappings_.begin(), mappings_.end(), address,
      [](uint64_t a, const std::shared_ptr<const PinnedMapping>& m) { return a < m->start; });
  if (above == mappings_.begin()) return nullptr;
  const auto& candidate = *(above - 1);
  return address < candidate->limit ? candidate : nullptr;
}

}  // namespace ember::symbolizer
