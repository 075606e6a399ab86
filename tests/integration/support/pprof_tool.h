// `go tool pprof` as an independent reader of the pprof files ember writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ember::test {

struct PprofRow {
  double flat_percent = 0;
  double cum_percent = 0;
};

bool go_available();

// `go tool pprof -top` on `file` for one sample type: function name -> row. Empty when pprof
// could not read the file; `output` receives what pprof printed.
std::map<std::string, PprofRow> pprof_top(const std::string& file, const std::string& sample_index,
                                          std::string* output = nullptr);

// The rows of a `go tool pprof -top` listing: function name -> row.
std::map<std::string, PprofRow> pprof_rows(const std::string& listing);

// The location with the largest flat value, as `go tool pprof -top -addresses` lists it:
// its address (0 when pprof listed none) and that line of the listing.
struct PprofLeaf {
  uint64_t address = 0;
  std::string line;
  // x86-64 keeps the kernel in the upper half of the address space.
  bool in_user_space() const { return address != 0 && address < 0x800000000000; }
};
PprofLeaf top_flat_location(const std::string& file, const std::string& sample_index);

// Raw output of `go tool pprof ARGS... FILE`.
std::string pprof_output(const std::vector<std::string>& args, const std::string& file);

// The total pprof shows for the samples `filters` keep (e.g. -tagfocus=thread_name=sleeper), in
// milliseconds; 0 when none passed, -1 when pprof printed no total.
double pprof_total_millis(const std::string& file, std::vector<std::string> filters);

}  // namespace ember::test
