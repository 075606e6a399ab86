// Symbol names as people read them.
#pragma once

#include <string>
#include <string_view>

namespace ember::symbolizer {

// C++ (Itanium ABI, "_Z...") through the C++ runtime's demangler; Rust legacy names
// ("_ZN...17h<16 hex digits>E") decoded with the hash dropped, as rustc's own demangler shows
// them by default. Anything else, including Rust v0 ("_R...") names, comes back unchanged.
std::string demangle(std::string_view name);

}  // namespace ember::symbolizer
