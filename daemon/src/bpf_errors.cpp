#include "bpf_errors.h"

#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ember::daemon {

Error bpf_error(const std::string& what, int err) {
  err = err < 0 ? -err : err;
  if (err == EPERM || err == EACCES)
    return make_error(what +
                      ": permission denied; run ember as root (or grant it CAP_BPF, "
                      "CAP_PERFMON and CAP_SYS_PTRACE)");
  if (err == ENOENT || err == EOPNOTSUPP || err == ENOTSUP)
    return make_error(what + ": " + std::strerror(err) +
                      "; this kernel lacks a feature ember needs (BPF ring buffer, BTF "
                      "tracepoints or the cpu-clock perf event; Linux 5.8 or newer)");
  return make_error(what + ": " + std::strerror(err) + " (set EMBER_DEBUG=1 for libbpf's log)");
}

Result<void> check_bpf_support() {
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
    return make_error(
        "this kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing); ember needs a kernel "
        "built with CONFIG_DEBUG_INFO_BTF=y");
  return {};
}

namespace {

int print_libbpf(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG && !std::getenv("EMBER_DEBUG_VERBOSE")) return 0;
  return std::vfprintf(stderr, format, args);
}

int discard_libbpf(enum libbpf_print_level, const char*, va_list) {
  return 0;
}

}  // namespace

void configure_libbpf_logging() {
  libbpf_set_print(std::getenv("EMBER_DEBUG") ? print_libbpf : discard_libbpf);
}

}  // namespace ember::daemon
