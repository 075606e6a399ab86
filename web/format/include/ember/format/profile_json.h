// The compact JSON the web UI reads: enough to compute flame graphs, top tables,
// callers/callees and timelines in the browser.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

// Schema (all indexes are 0-based positions in the arrays named):
//   {"version": 1,
//    "sample_types": [{"type": "cpu", "unit": "nanoseconds"}, ...],
//    "default_index": 1,                          // the sample type to show first
//    "functions": [{"name": ..., "system_name": ..., "file": ...,
//                   "short_name": ...}, ...],     // what labels show (short_name.h),
//                                                 // omitted when it is the name
//    "locations": [[[function, line], ...], ...], // frames of one address, caller first
//    "samples": [{"stack": [location, ...],       // root first
//                 "values": [...],                // one per sample type
//                 "labels": {"tid": 12, "thread_name": "worker"},   // omitted when empty
//                 "time": 1700000000000000000,    // Unix ns, omitted when unknown
//                 "wait_kernel": 4,               // the last 4 locations of the stack are the
//                                                 // kernel's side of a wait, hidden unless the
//                                                 // user asks for kernel frames (omitted: 0,
//                                                 // operations.h wait_kernel_frames)
//                 "alloc": [category, function]}], // in allocator or GC code: the category
//                                                  // and the first caller outside (-1: none),
//                                                  // omitted otherwise (alloc_view.h)
//    "alloc_categories": ["glibc malloc", ...],
//    "stats": {"samples": 120, "lost_samples": 0, ...},
//    "time_nanos": ..., "duration_nanos": ..., "period": ...,
//    "period_type": {"type": ..., "unit": ...}, "comments": [...]}
// Root-first order everywhere lets the UI walk a stack once from the root.
// `<`, `>`, `&`, U+2028 and U+2029 are written as \u escapes and invalid UTF-8 is replaced,
// so the text can be inlined in an HTML <script> element as is.
std::string write_profile_json(const profile::Profile& profile);

}  // namespace ember::format
