// Lets GoogleTest show a Profile readably when an EXPECT_EQ on two profiles fails.
#pragma once

#include <ostream>

#include "ember/profile/profile.h"

namespace ember::profile {

void PrintTo(const Profile& profile, std::ostream* out);

}  // namespace ember::profile
