#include "kernel_functions.h"

#include <fstream>
#include <set>

namespace ember::test {

bool is_kernel_function(const std::string& name) {
  static const std::set<std::string> names = [] {
    std::set<std::string> read;
    std::ifstream kallsyms("/proc/kallsyms");
    std::string address, type, symbol;
    while (kallsyms >> address >> type >> symbol) {
      if (type == "t" || type == "T") read.insert(symbol);
      kallsyms.ignore(256, '\n');  // the module name, if any
    }
    return read;
  }();
  return names.count(name) > 0;
}

}  // namespace ember::test
