// Names of global and static variables (ELF data symbols) at runtime addresses, e.g. the
// variable a lock lives in.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace ember::symbolizer {

struct DataSymbolFile;

class DataSymbols {
 public:
  explicit DataSymbols(std::string proc_root = "/proc");
  ~DataSymbols();
  DataSymbols(const DataSymbols&) = delete;
  DataSymbols& operator=(const DataSymbols&) = delete;

  // The variable at `address` in live process `pid`, demangled, with "+0xN" when the address
  // is inside it: for the .data and .bss of every file the process maps. Empty when the
  // address is in no file's data (heap, stack, anonymous memory), the file has no sized
  // symbol there, or the process is gone. Each file's symbols are read once.
  std::string name(uint32_t pid, uint64_t address);

 private:
  std::shared_ptr<const DataSymbolFile> file(uint32_t pid, uint64_t start, uint64_t end,
                                             uint64_t inode, const std::string& path);

  std::string proc_root_;
  std::map<std::pair<uint64_t, std::string>, std::shared_ptr<const DataSymbolFile>>
      files_;  // inode, path
};

}  // namespace ember::symbolizer
