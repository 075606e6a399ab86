#include "profile_tables.h"

#include "lock_table.h"
#include "thread_table.h"
#include "top_tables.h"
#include "waker_table.h"

namespace ember::tools {

namespace {

bool is_wall_clock(const profile::Profile& profile, int value_index) {
  return profile.sample_types[value_index].type == "wall";
}

}  // namespace

void print_profile_tables(std::ostream& out, const profile::Profile& profile, int value_index,
                          const TableOptions& options) {
  if (!is_wall_clock(profile, value_index)) print_top_tables(out, profile, value_index, options);
  print_thread_table(out, profile, value_index, options);
  print_lock_table(out, profile, options);
  print_waker_table(out, profile, options);
}

nlohmann::json profile_tables_json(const profile::Profile& profile, int value_index, size_t count) {
  return {{"top", top_tables_json(profile, value_index, count)},
          {"threads", thread_table_json(profile, value_index)},
          {"locks", lock_table_json(profile, count)},
          {"wakers", waker_table_json(profile, count)}};
}

}  // namespace ember::tools
