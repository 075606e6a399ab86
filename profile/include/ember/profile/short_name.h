// The one rule that shortens function names for display, as pprof does by default: C++
// template arguments become "<...>", parameter lists, cv/ref qualifiers and return types are
// dropped. The full name stays in the profile; displays show this and keep the full one a
// hover or a flag away.
#pragma once

#include <string>
#include <string_view>

#include "ember/profile/profile.h"

namespace ember::profile {

// `function`'s name for display. Only C++ names are shortened: those demangled from an
// Itanium-mangled symbol (system name "_Z..."); Go, Python, Java, kernel and other names are
// returned as they are, since their brackets and dots mean something else.
std::string short_name(const Function& function);

// `demangled` shortened by the C++ rule: "std::map<int, int>::find(int const&) const" is
// "std::map<...>::find", "void (anonymous namespace)::run<int>(int)" is
// "(anonymous namespace)::run<...>", a lambda keeps its braces with its parameters as "(...)":
// "f()::{lambda(int)#1}::operator()(int) const" is "f::{lambda(...)#1}::operator()". Text whose
// brackets do not balance is returned as it is.
std::string short_cpp_name(std::string_view demangled);

}  // namespace ember::profile
