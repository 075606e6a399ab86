// The file behind a process's file mapping, opened as the process sees it.
#pragma once

#include <cstdint>
#include <string>

#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"

namespace ember::symbolizer {

// Opens PROC_ROOT/PID/map_files/START-END (the mapped file itself, also when deleted or in
// another mount namespace), else PROC_ROOT/PID/root/PATH (the process's own filesystem, e.g. in
// a container); never by path for a deleted file, whose old path may now name another file.
// Invalid when neither opens.
UniqueFd open_mapped_file(const std::string& proc_root, uint32_t pid, const MapsEntry& mapping);

}  // namespace ember::symbolizer
