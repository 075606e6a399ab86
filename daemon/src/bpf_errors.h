#pragma once

#include <string>

#include "ember/result.h"

namespace ember::daemon {

// One clear line for a failure to load or attach BPF programs, saying how to fix it.
// `err` is a negative or positive errno value.
Error bpf_error(const std::string& what, int err);

// Checks what BPF collection needs from the kernel (BTF), before trying to load anything.
Result<void> check_bpf_support();

// Routes libbpf's own messages to stderr only when EMBER_DEBUG is set; otherwise keeps quiet.
void configure_libbpf_logging();

}  // namespace ember::daemon
