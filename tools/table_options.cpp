#include "table_options.h"

#include "terminal_text.h"

namespace ember::tools {

void print_line(std::ostream& out, const TableOptions& options, const std::string& text) {
  out << (options.full_names ? text : cut_to_width(text, options.width)) << "\n";
}

}  // namespace ember::tools
