#include "unwind_process.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <utility>

#include "unwind_load_bias.h"
#include "unwind_vdso.h"

namespace ember::daemon {
namespace {

// File modules come with open descriptors; only the vDSO, reported by address, needs finding.
int find_vdso_elf(Dwfl_Module*, void**, const char* name, Dwarf_Addr, char**, Elf** elf) {
  if (std::strcmp(name, kVdsoName) == 0) *elf = open_vdso_elf();
  return -1;  // no descriptor either way
}

// Separate debug files are not searched: .eh_frame in the mapped file covers x86-64 code, and
// a standard search may reach for debuginfod over the network on the collection path.
int no_debuginfo(Dwfl_Module*, void**, const char*, Dwarf_Addr, const char*, const char*, GElf_Word,
                 char**) {
  return -1;
}

const Dwfl_Callbacks kCallbacks = {
    .find_elf = find_vdso_elf,
    .find_debuginfo = no_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = nullptr,
};

constexpr size_t kRegisterCount = std::tuple_size_v<decltype(UserRegisters::dwarf)>;
constexpr int kIpRegister = 16;

}  // namespace

const Dwfl_Thread_Callbacks UnwindProcess::kThreadCallbacks = {
    .next_thread = UnwindProcess::next_thread,
    .get_thread = UnwindProcess::get_thread,
    .memory_read = UnwindProcess::memory_read,
    .set_initial_registers = UnwindProcess::initial_registers,
    .detach = nullptr,
    .thread_detach = nullptr,
};

UnwindProcess::UnwindProcess(uint32_t pid, std::vector<MapsEntry> mappings, FileOpener open_file)
    : open_file_(std::move(open_file)),
      pid_(pid),
      mappings_(std::move(mappings)),
      fingerprint_(code_fingerprint(mappings_)),
      dwfl_(dwfl_begin(&kCallbacks)) {}

UnwindProcess::~UnwindProcess() = default;

Result<std::unique_ptr<UnwindProcess>> UnwindProcess::create(uint32_t pid,
                                                             std::vector<MapsEntry> mappings,
                                                             FileOpener open_file) {
  std::unique_ptr<UnwindProcess> process(
      new UnwindProcess(pid, std::move(mappings), std::move(open_file)));
  if (!process->dwfl_) return make_error("libdwfl: " + std::string(dwfl_errmsg(-1)));
  if (!process->report_modules())
    return make_error("process " + std::to_string(pid) + " maps no readable x86-64 ELF code");
  if (!dwfl_attach_state(process->dwfl_.get(), nullptr, static_cast<pid_t>(pid), &kThreadCallbacks,
                         process.get()))
    return make_error("libdwfl: " + std::string(dwfl_errmsg(-1)));
  return process;
}

bool UnwindProcess::report_modules() {
  dwfl_report_begin(dwfl_.get());
  // A file can have several executable mappings; libdwfl wants each module once (reporting it
  // again from another descriptor would mark the first one for removal).
  std::set<std::pair<std::string, uint64_t>> reported;
  size_t modules = 0;
  for (const auto& mapping : mappings_) {
    if (mapping.executable && mapping.path == kVdsoName &&
        dwfl_report_module(dwfl_.get(), kVdsoName, mapping.start, mapping.end) != nullptr)
      ++modules;
    if (!mapping.executable || !mapping.is_file()) continue;
    UniqueFd fd = open_file_(mapping);
    if (!fd.valid()) continue;
    std::optional<uint64_t> bias = load_bias(fd.get(), mapping);
    if (!bias || !reported.emplace(mapping.path, *bias).second) continue;
    // libdwfl keeps a descriptor of its own on success; on failure it leaves it to us.
    int handed = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0);
    if (handed < 0) continue;
    if (dwfl_report_elf(dwfl_.get(), mapping.path.c_str(), mapping.path.c_str(), handed, *bias,
                        /*add_p_vaddr=*/true) == nullptr)
      ::close(handed);
    else
      ++modules;
  }
  dwfl_report_end(dwfl_.get(), nullptr, nullptr);
  return modules > 0;
}

bool UnwindProcess::in_code(uint64_t address) const {
  const MapsEntry* mapping = find_mapping(mappings_, address);
  return mapping != nullptr && mapping->executable;
}

bool UnwindProcess::has_cfi_for(uint64_t address) const {
  Dwfl_Module* module = dwfl_addrmodule(dwfl_.get(), address);
  if (module == nullptr) return false;
  for (auto get_cfi : {dwfl_module_eh_cfi, dwfl_module_dwarf_cfi}) {
    Dwarf_Addr bias = 0;
    Dwarf_CFI* cfi = get_cfi(module, &bias);
    Dwarf_Frame* frame = nullptr;
    if (cfi != nullptr && dwarf_cfi_addrframe(cfi, address - bias, &frame) == 0) {
      std::free(frame);  // allocated by libdw with malloc
      return true;
    }
  }
  return false;
}

int UnwindProcess::walk(const UserStackCopy& copy, FrameCallback on_frame, void* arg) {
  copy_ = &copy;
  read_failed_ = false;
  int result = dwfl_getthread_frames(dwfl_.get(), static_cast<pid_t>(pid_), on_frame, arg);
  copy_ = nullptr;
  return result;
}

bool UnwindProcess::read_word(uint64_t address, uint64_t* value) {
  const uint64_t sp = copy_->regs.sp();
  const size_t size = copy_->stack.size();
  // Written to survive any address: no sp + offset sums that could wrap.
  if (address >= sp && address - sp <= size && size - (address - sp) >= sizeof *value) {
    std::memcpy(value, copy_->stack.data() + (address - sp), sizeof *value);
    return true;
  }
  if (read_file_word(address, value)) return true;
  read_failed_ = true;
  failed_read_address_ = address;
  return false;
}

bool UnwindProcess::read_file_word(uint64_t address, uint64_t* value) {
  const MapsEntry* mapping = find_mapping(mappings_, address);
  if (mapping == nullptr || !mapping->readable || mapping->writable || !mapping->is_file() ||
      mapping->end - address < sizeof *value)
    return false;
  auto [it, inserted] = data_files_.try_emplace(mapping->start);
  if (inserted) it->second = open_file_(*mapping);
  if (!it->second.valid()) return false;
  const uint64_t offset = mapping->offset + (address - mapping->start);
  return ::pread(it->second.get(), value, sizeof *value, static_cast<off_t>(offset)) ==
         static_cast<ssize_t>(sizeof *value);
}

bool UnwindProcess::set_initial_registers(Dwfl_Thread* thread) {
  const auto& registers = copy_->regs.dwarf;
  if (!dwfl_thread_state_registers(thread, 0, kRegisterCount, registers.data())) return false;
  dwfl_thread_state_register_pc(thread, registers[kIpRegister]);
  return true;
}

// The process has exactly one thread for libdwfl: the sampled one.
pid_t UnwindProcess::next_thread(Dwfl*, void* process, void** thread_arg) {
  if (*thread_arg != nullptr) return 0;
  *thread_arg = process;
  return static_cast<pid_t>(static_cast<UnwindProcess*>(process)->pid_);
}

bool UnwindProcess::get_thread(Dwfl*, pid_t, void* process, void** thread_arg) {
  *thread_arg = process;
  return true;
}

bool UnwindProcess::memory_read(Dwfl*, Dwarf_Addr address, Dwarf_Word* value, void* process) {
  return static_cast<UnwindProcess*>(process)->read_word(address, value);
}

bool UnwindProcess::initial_registers(Dwfl_Thread* thread, void* process) {
  return static_cast<UnwindProcess*>(process)->set_initial_registers(thread);
}

}  // namespace ember::daemon
