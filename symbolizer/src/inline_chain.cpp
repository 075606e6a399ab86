#include "inline_chain.h"

#include <dwarf.h>

#include "demangle.h"

namespace ember::symbolizer {
namespace {

// Bounds against hostile DWARF: nesting deeper than this or a walk visiting more DIEs than
// this is not a program, so the lookup stops with what it has.
constexpr int kMaxDepth = 64;
constexpr int kMaxVisitedDies = 1 << 20;

bool is_function(int tag) {
  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

// DIEs without code ranges of their own that may still hold function definitions.
bool may_hold_functions(int tag) {
  return tag == DW_TAG_namespace || tag == DW_TAG_class_type || tag == DW_TAG_structure_type ||
         tag == DW_TAG_union_type || tag == DW_TAG_module;
}

struct Walk {
  uint64_t vaddr = 0;
  int budget = kMaxVisitedDies;
  std::vector<Dwarf_Die> functions;  // outermost first
};

// Descends into the one child of `parent` whose code ranges contain the address (scopes nest),
// recording the functions on the way. Returns whether anything containing it was found.
bool descend(Dwarf_Die* parent, Walk& walk, int depth) {
  Dwarf_Die child;
  if (depth > kMaxDepth || dwarf_child(parent, &child) != 0) return false;
  Dwarf_Off previous = 0;
  do {
    // Siblings come at increasing offsets; a sibling link pointing back would loop forever.
    Dwarf_Off offset = dwarf_dieoffset(&child);
    if (offset <= previous || --walk.budget < 0) return false;
    previous = offset;
    int tag = dwarf_tag(&child);
    if (dwarf_haspc(&child, walk.vaddr) == 1) {
      if (is_function(tag)) walk.functions.push_back(child);
      descend(&child, walk, depth + 1);
      return true;
    }
    if (may_hold_functions(tag) && descend(&child, walk, depth + 1)) return true;
  } while (dwarf_siblingof(&child, &child) == 0);
  return false;
}

const char* string_attribute(Dwarf_Die* die, unsigned int name) {
  Dwarf_Attribute attribute;
  return dwarf_formstring(dwarf_attr_integrate(die, name, &attribute));
}

void name_frame(Dwarf_Die* function, ResolvedFrame& frame) {
  const char* linkage = string_attribute(function, DW_AT_linkage_name);
  if (!linkage) linkage = string_attribute(function, DW_AT_MIPS_linkage_name);
  const char* plain = dwarf_diename(function);
  if (linkage && *linkage) {
    frame.system_name = linkage;
    frame.name = demangle(linkage);
  } else if (plain) {
    frame.system_name = frame.name = plain;
  }
  int line = 0;
  if (dwarf_decl_line(function, &line) == 0 && line > 0) frame.start_line = line;
  frame.symbolized = !frame.name.empty();
}

// The call site of an inlined subroutine, in its caller: file (from the unit's file table)
// and line.
void set_call_site(Dwarf_Die* inlined, Dwarf_Files* files, size_t file_count,
                   ResolvedFrame& caller) {
  Dwarf_Attribute attribute;
  Dwarf_Word value = 0;
  if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_line, &attribute), &value) == 0)
    caller.line = static_cast<int64_t>(value);
  if (files && dwarf_formudata(dwarf_attr(inlined, DW_AT_call_file, &attribute), &value) == 0 &&
      value < file_count) {
    if (const char* file = dwarf_filesrc(files, value, nullptr, nullptr)) caller.file = file;
  }
}

}  // namespace

std::vector<ResolvedFrame> inline_chain(Dwarf_Die* unit, uint64_t vaddr) {
  Walk walk;
  walk.vaddr = vaddr;
  descend(unit, walk, 0);

  std::vector<ResolvedFrame> frames(walk.functions.empty() ? 1 : walk.functions.size());
  if (Dwarf_Line* line = dwarf_getsrc_die(unit, vaddr)) {
    int number = 0;
    if (dwarf_lineno(line, &number) == 0) frames[0].line = number;
    if (const char* file = dwarf_linesrc(line, nullptr, nullptr)) frames[0].file = file;
  } else if (walk.functions.empty()) {
    return {};
  }

  Dwarf_Files* files = nullptr;
  size_t file_count = 0;
  if (walk.functions.size() > 1 && dwarf_getsrcfiles(unit, &files, &file_count) != 0)
    files = nullptr;
  // walk.functions is outermost first; frames are innermost first.
  const size_t count = walk.functions.size();
  for (size_t i = 0; i < count; ++i) {
    Dwarf_Die& function = walk.functions[count - 1 - i];
    name_frame(&function, frames[i]);
    if (i + 1 < count) set_call_site(&function, files, file_count, frames[i + 1]);
  }
  return frames;
}

}  // namespace ember::symbolizer
