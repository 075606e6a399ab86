// pprof files users hand to `ember report`/`convert`/`diff` (gzip + protobuf): read them, and
// what reads must write and read again, and convert to every other format.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ember/format/folded.h"
#include "ember/format/profile_json.h"
#include "ember/format/speedscope.h"
#include "ember/format/svg.h"
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember;
  auto read = profile::read_pprof({reinterpret_cast<const char*>(data), size});
  if (!read) return 0;
  // read_pprof promises a profile that passes validate(): then writing cannot fail.
  auto written = profile::write_pprof(*read);
  if (!written) std::abort();
  if (!profile::read_pprof(*written)) std::abort();
  // As `ember convert` calls them: only with a sample type to show.
  const int index = read->default_value_index();
  if (index < 0) return 0;
  (void)format::write_folded(*read, index);
  (void)format::write_speedscope(*read);
  (void)format::write_svg(*read, index, "fuzz");
  (void)format::write_profile_json(*read);
  return 0;
}
