#include "ember/profile/short_name.h"

#include <gtest/gtest.h>

namespace ember::profile {
namespace {

// Names as GCC 12's demangler writes them for libstdc++ instantiations.
const std::string kString =
    "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
const std::string kPair = "std::pair<" + kString + ", int>";
const std::string kVector = "std::vector<" + kPair + ", std::allocator<" + kPair + " > >";
const std::string kMap = "std::map<" + kString + ", " + kVector + ", std::less<" + kString +
                         " >, std::allocator<std::pair<" + kString + " const, " + kVector +
                         " > > >";

TEST(ShortName, DropsTemplateArgumentsParametersAndQualifiers) {
  EXPECT_EQ(short_cpp_name(kMap + "::operator[](" + kString + "&&)"), "std::map<...>::operator[]");
  EXPECT_EQ(short_cpp_name("std::vector<int, std::allocator<int> >::operator[](unsigned long) "
                           "const"),
            "std::vector<...>::operator[]");
  EXPECT_EQ(short_cpp_name("std::function<int (int)>::operator()(int) const"),
            "std::function<...>::operator()");
  EXPECT_EQ(short_cpp_name("S::operator<(S const&) const"), "S::operator<");
  EXPECT_EQ(short_cpp_name("bool __gnu_cxx::operator!=<int*, std::vector<int, std::allocator<int> "
                           "> >(__gnu_cxx::__normal_iterator<int*> const&)"),
            "__gnu_cxx::operator!=<...>");
  EXPECT_EQ(short_cpp_name("std::ostream& std::operator<< <std::char_traits<char> >(std::ostream&, "
                           "char const*)"),
            "std::operator<< <...>");
  EXPECT_EQ(short_cpp_name("Iterator::operator->() const"), "Iterator::operator->");
  EXPECT_EQ(short_cpp_name("S::operator()(int) const"), "S::operator()");
  EXPECT_EQ(short_cpp_name("operator delete(void*, void*)"), "operator delete");
  EXPECT_EQ(short_cpp_name("S::operator " + kString + "() const"),
            "S::operator std::__cxx11::basic_string<...>");
}

TEST(ShortName, KeepsTheAnonymousNamespace) {
  const std::string full = "(anonymous namespace)::handle(" + kMap + "&)";
  ASSERT_GT(full.size(), 500u);
  EXPECT_EQ(short_cpp_name(full), "(anonymous namespace)::handle");
}

TEST(ShortName, DropsTheReturnTypeOfFunctionTemplates) {
  EXPECT_EQ(short_cpp_name("int twice<int>(std::vector<int, std::allocator<int> > const&)"),
            "twice<...>");
  EXPECT_EQ(short_cpp_name("void std::_Rb_tree<" + kString +
                           ", int>::_M_construct_node<std::tuple<> >"
                           "(std::tuple<>&&)"),
            "std::_Rb_tree<...>::_M_construct_node<...>");
  EXPECT_EQ(short_cpp_name("bool std::operator< <char, std::char_traits<char> >(" + kString +
                           " const&, " + kString + " const&)"),
            "std::operator< <...>");
  EXPECT_EQ(short_cpp_name("unsigned long const* find<int>(int)"), "find<...>");
  EXPECT_EQ(short_cpp_name("char const (&std::forward<char const (&) [2]>(std::remove_reference<"
                           "char const (&) [2]>::type&)) [2]"),
            "std::forward<...>");
}

TEST(ShortName, KeepsLocalNamesLambdasAndCloneSuffixes) {
  EXPECT_EQ(short_cpp_name("main::{lambda(std::map<int, int> const&)#1}::operator()(std::map<int, "
                           "int> const&) const"),
            "main::{lambda(...)#1}::operator()");
  EXPECT_EQ(short_cpp_name("f()::{lambda()#2}::operator()() const"), "f::{lambda()#2}::operator()");
  EXPECT_EQ(short_cpp_name(kString + "::_M_construct<char const*>(char const*, char const*)::"
                                     "_Guard::~_Guard()"),
            "std::__cxx11::basic_string<...>::_M_construct<...>::_Guard::~_Guard");
  EXPECT_EQ(short_cpp_name("hash_bytes(char const*, unsigned long) [clone .cold]"),
            "hash_bytes [clone .cold]");
  EXPECT_EQ(short_cpp_name("std::to_string[abi:cxx11](int)"), "std::to_string");
}

TEST(ShortName, LeavesWhatItCannotParse) {
  EXPECT_EQ(short_cpp_name("broken<int("), "broken<int(");
  EXPECT_EQ(short_cpp_name("plain"), "plain");
  EXPECT_EQ(short_cpp_name("<alloc::vec::Vec<u8> as core::ops::drop::Drop>::drop"),
            "<alloc::vec::Vec<u8> as core::ops::drop::Drop>::drop");
}

TEST(ShortName, ShortensOnlyNamesDemangledFromCpp) {
  EXPECT_EQ(
      short_name({1, "(anonymous namespace)::run<int>(int)", "_ZN12_GLOBAL__N_13runIiEEvi", "", 0}),
      "(anonymous namespace)::run<...>");
  // Go, Python, Java and kernel names keep their brackets, parentheses and spaces.
  for (const char* name :
       {"main.(*Server).handle", "main.Map[go.shape.int].Get", "handle_request (app.py)",
        "java.util.HashMap.get(Ljava/lang/Object;)", "__schedule", "[libc.so.6+0x1f0a]"})
    EXPECT_EQ(short_name({1, name, name, "", 0}), name);
}

}  // namespace
}  // namespace ember::profile
