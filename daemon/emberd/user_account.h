// A local user as the kernel's permission checks see them: uid, primary gid, groups.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ember/result.h"

namespace ember::emberd {

struct UserAccount {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, the primary one included
  std::string name;
};

// The account of `uid` from the user database. Fails when it has none: emberd cannot know the
// groups such a uid would run with.
Result<UserAccount> find_account(uint32_t uid);

}  // namespace ember::emberd
