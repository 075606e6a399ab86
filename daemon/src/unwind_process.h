// One target process as libdwfl sees it: its code mappings reported as modules (CFI is parsed
// once per module and kept while the process is cached) and the callbacks that feed libdwfl
// the sampled registers and stack copy instead of a live, ptrace-stopped thread.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "dwarf_unwinder.h"
#include "ember/result.h"
#include "ember/unique_fd.h"
#include "unwind_maps.h"

namespace ember::daemon {

class UnwindProcess {
 public:
  // Opens the file behind one of the process's file mappings.
  using FileOpener = std::function<UniqueFd(const MapsEntry& mapping)>;

  // Reports every executable ELF file mapping in MAPPINGS, its file opened by `open_file`.
  // Fails when none could be reported (then libdwfl cannot even tell the architecture).
  static Result<std::unique_ptr<UnwindProcess>> create(uint32_t pid,
                                                       std::vector<MapsEntry> mappings,
                                                       FileOpener open_file);
  ~UnwindProcess();
  UnwindProcess(const UnwindProcess&) = delete;
  UnwindProcess& operator=(const UnwindProcess&) = delete;

  uint64_t fingerprint() const { return fingerprint_; }

  // Whether ADDRESS lies in an executable mapping (a reported module, or JIT/anonymous code).
  bool in_code(uint64_t address) const;

  // Whether some module's CFI describes the instruction at ADDRESS.
  bool has_cfi_for(uint64_t address) const;

  // Runs libdwfl's unwinder over COPY (whose pid must be this process's), calling ON_FRAME
  // for every frame, leaf first. Returns what dwfl_getthread_frames returns.
  using FrameCallback = int (*)(Dwfl_Frame* frame, void* arg);
  int walk(const UserStackCopy& copy, FrameCallback on_frame, void* arg);

  // The last word libdwfl asked for that neither the stack copy nor a read-only file mapping
  // holds. Cleared by clear_failed_read() and at the start of walk().
  bool read_failed() const { return read_failed_; }
  uint64_t failed_read_address() const { return failed_read_address_; }
  void clear_failed_read() { read_failed_ = false; }

 private:
  UnwindProcess(uint32_t pid, std::vector<MapsEntry> mappings, FileOpener open_file);
  bool report_modules();

  // libdwfl's memory_read: stack copy first, then read-only file data (CFI expressions may
  // read constants); writable memory is not ours to know.
  bool read_word(uint64_t address, uint64_t* value);
  bool read_file_word(uint64_t address, uint64_t* value);
  bool set_initial_registers(Dwfl_Thread* thread);

  static const Dwfl_Thread_Callbacks kThreadCallbacks;
  static pid_t next_thread(Dwfl* dwfl, void* process, void** thread_arg);
  static bool get_thread(Dwfl* dwfl, pid_t tid, void* process, void** thread_arg);
  static bool memory_read(Dwfl* dwfl, Dwarf_Addr address, Dwarf_Word* value, void* process);
  static bool initial_registers(Dwfl_Thread* thread, void* process);

  struct DwflDeleter {
    void operator()(Dwfl* dwfl) const { dwfl_end(dwfl); }
  };

  FileOpener open_file_;
  uint32_t pid_;
  std::vector<MapsEntry> mappings_;
  uint64_t fingerprint_;
  std::unique_ptr<Dwfl, DwflDeleter> dwfl_;
  std::unordered_map<uint64_t, UniqueFd> data_files_;  // by mapping start, opened on first read
  const UserStackCopy* copy_ = nullptr;                // set only during walk()
  bool read_failed_ = false;
  uint64_t failed_read_address_ = 0;
};

}  // namespace ember::daemon
