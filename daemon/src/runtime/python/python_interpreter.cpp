#include "python_interpreter.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "ember/symbolizer/process_maps.h"
#include "runtime/process_memory.h"
#include "unwind_load_bias.h"

namespace ember::daemon {

namespace {

struct ElfDeleter {
  void operator()(Elf* elf) const { elf_end(elf); }
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

constexpr const char* kSymbols[] = {"_PyRuntime", "PyCode_Type", "Py_Version"};

// The values of the wanted dynamic symbols the ELF file `fd` defines.
std::map<std::string, uint64_t> dynamic_symbols(int fd) {
  std::map<std::string, uint64_t> found;
  if (elf_version(EV_CURRENT) == EV_NONE) return found;
  std::unique_ptr<Elf, ElfDeleter> elf(elf_begin(fd, ELF_C_READ_MMAP, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) return found;
  for (Elf_Scn* section = nullptr; (section = elf_nextscn(elf.get(), section));) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) || header.sh_type != SHT_DYNSYM || !header.sh_entsize)
      continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (!data) continue;
    const size_t count = header.sh_size / header.sh_entsize;
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym symbol;
      if (!gelf_getsym(data, static_cast<int>(i), &symbol) || symbol.st_shndx == SHN_UNDEF)
        continue;
      const char* name = elf_strptr(elf.get(), header.sh_link, symbol.st_name);
      if (!name) continue;
      for (const char* wanted : kSymbols)
        if (std::string_view(name) == wanted) found[wanted] = symbol.st_value;
    }
  }
  return found;
}

std::string_view base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "python3.9", "libpython3.9.so.1.0": the version the name says, as Py_Version, or 0.
uint32_t version_from_name(std::string_view name) {
  const size_t at = name.find("python");
  if (at == std::string_view::npos) return 0;
  name.remove_prefix(at + 6);
  unsigned major = 0, minor = 0;
  if (std::sscanf(std::string(name).c_str(), "%u.%u", &major, &minor) != 2 || major > 9 ||
      minor > 99)
    return 0;
  return major << 24 | minor << 16;
}

bool is_python_name(std::string_view name) {
  return name.starts_with("python") || name.starts_with("libpython");
}

}  // namespace

Result<std::optional<PythonInterpreter>> find_python_interpreter(uint32_t pid,
                                                                 const std::string& proc_root) {
  auto maps = symbolizer::read_maps(proc_root, pid);
  if (!maps) return maps.error();
  const ProcessMemory memory(static_cast<pid_t>(pid));
  std::set<std::string> seen;
  std::optional<std::string> without_symbols;  // a python-named file lacking them
  uint32_t named_version = 0;
  for (const symbolizer::MapsEntry& mapping : *maps) {
    const std::string path(symbolizer::strip_deleted_suffix(mapping.path));
    if (!mapping.executable || !mapping.is_file() || !is_python_name(base_name(path)) ||
        !seen.insert(path).second)
      continue;
    FileDescriptor fd(open((proc_root + "/" + std::to_string(pid) + "/root" + path).c_str(),
                           O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) continue;
    const auto symbols = dynamic_symbols(fd.get());
    const auto bias = load_bias(fd.get(), mapping);
    named_version = std::max(named_version, version_from_name(base_name(path)));
    if (!bias || !symbols.contains("_PyRuntime")) {
      if (!without_symbols) without_symbols = path;
      continue;
    }
    PythonInterpreter interpreter;
    interpreter.file = path;
    interpreter.runtime = *bias + symbols.at("_PyRuntime");
    if (symbols.contains("PyCode_Type")) interpreter.code_type = *bias + symbols.at("PyCode_Type");
    if (symbols.contains("Py_Version"))
      interpreter.version = memory.read<uint32_t>(*bias + symbols.at("Py_Version")).value_or(0);
    if (!interpreter.version) interpreter.version = version_from_name(base_name(path));
    return std::optional<PythonInterpreter>(std::move(interpreter));
  }
  if (!without_symbols) return std::optional<PythonInterpreter>();
  // A python-named file without the interpreter's symbols: fine when it is only the launcher
  // of a libpython found above; here none was.
  PythonInterpreter unnamed;
  unnamed.file = *without_symbols;
  unnamed.version = named_version;
  return std::optional<PythonInterpreter>(std::move(unnamed));
}

}  // namespace ember::daemon
