// The table of UI files that the build generates from web/ui (see cmake/embed_ui.cmake).
#pragma once

#include <cstddef>
#include <vector>

namespace ember::format::detail {

struct EmbeddedFile {
  const char* path;
  const char* data;
  size_t size;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace ember::format::detail
