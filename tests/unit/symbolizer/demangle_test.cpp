#include "demangle.h"

#include <gtest/gtest.h>

namespace ember::symbolizer {
namespace {

TEST(Demangle, Cxx) {
  EXPECT_EQ(demangle("_ZN13ember_fixture6Widget7computeEi"), "ember_fixture::Widget::compute(int)");
  EXPECT_EQ(demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int, std::allocator<int> >::push_back(int const&)");
  EXPECT_EQ(demangle("_Z3fooPKc"), "foo(char const*)");
  EXPECT_EQ(demangle("_ZN3foo3barEv.cold"), "foo::bar() [clone .cold]");
}

TEST(Demangle, RustLegacyDropsTheHash) {
  EXPECT_EQ(demangle("_ZN3std2rt10lang_start17h0123456789abcdefE"), "std::rt::lang_start");
  EXPECT_EQ(demangle("_ZN4core3ptr13drop_in_place17hd1b1ab3e0e2f5a48E.llvm.1234"),
            "core::ptr::drop_in_place");
}

TEST(Demangle, RustLegacyEscapes) {
  EXPECT_EQ(demangle("_ZN66_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$"
                     "4drop17h7b2c3c6b0c7c9b4fE"),
            "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop");
  EXPECT_EQ(demangle("_ZN4main28_$u7b$$u7b$closure$u7d$$u7d$17h1234567890abcdefE"),
            "main::{{closure}}");
  EXPECT_EQ(demangle("_ZN3foo15$RF$$C$$BP$$SP$17h1234567890abcdefE"), "foo::&,*@");
}

TEST(Demangle, LeavesOtherNamesAlone) {
  EXPECT_EQ(demangle("main"), "main");
  EXPECT_EQ(demangle("ember_lib_spin"), "ember_lib_spin");
  EXPECT_EQ(demangle(""), "");
  EXPECT_EQ(demangle("_Z"), "_Z");
  EXPECT_EQ(demangle("_ZN9999999999"), "_ZN9999999999");
  // Rust v0 names are passed through (best effort: no v0 demangler).
  EXPECT_EQ(demangle("_RNvCs1234_7mycrate3foo"), "_RNvCs1234_7mycrate3foo");
  // A malformed Rust escape is not decoded as Rust; the C++ demangler reads it literally.
  EXPECT_EQ(demangle("_ZN3foo5$XX$a17h1234567890abcdefE"), "foo::$XX$a::h1234567890abcdef");
  EXPECT_EQ(demangle(std::string(100000, 'x')), std::string(100000, 'x'));
}

}  // namespace
}  // namespace ember::symbolizer
