# Turns the web UI files into a C++ source of byte arrays (run with cmake -P).
# In: UI_DIR (folder), UI_FILES (list of paths relative to it), OUTPUT (the .cpp to write).
# The table it defines is declared in format/src/ui_files.h.

set(body "// Generated from the web UI files at build time; do not edit.\n")
string(APPEND body "#include \"ui_files.h\"\n\nnamespace ember::format::detail {\nnamespace {\n")
set(table "")
set(i 0)
foreach(f ${UI_FILES})
  file(READ ${UI_DIR}/${f} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  # A trailing zero keeps the array non-empty for empty files; `size` excludes it.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(APPEND body "const unsigned char file${i}[] = {\n${bytes}0x00};\n")
  string(APPEND table "    {\"${f}\", reinterpret_cast<const char*>(file${i}), ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "}  // namespace\n\nconst std::vector<EmbeddedFile>& embedded_files() {\n")
string(APPEND body "  static const std::vector<EmbeddedFile> files = {\n${table}  };\n  return files;\n}\n\n")
string(APPEND body "}  // namespace ember::format::detail\n")

# Rewrite only on change so dependents are not rebuilt needlessly.
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
  if(old STREQUAL body)
    return()
  endif()
endif()
file(WRITE ${OUTPUT} "${body}")
