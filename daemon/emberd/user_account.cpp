#include "user_account.h"

#include <grp.h>
#include <pwd.h>

namespace ember::emberd {

Result<UserAccount> find_account(uint32_t uid) {
  passwd entry{}, *found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
    return make_error("uid " + std::to_string(uid) +
                      " has no account on this host: emberd serves only users it knows");
  UserAccount account{.uid = uid, .gid = entry.pw_gid, .groups = {}, .name = entry.pw_name};
  int count = 32;
  account.groups.resize(static_cast<size_t>(count));
  while (getgrouplist(entry.pw_name, entry.pw_gid, account.groups.data(), &count) < 0)
    account.groups.resize(static_cast<size_t>(count));  // count now says how many there are
  account.groups.resize(static_cast<size_t>(count));
  return account;
}

}  // namespace ember::emberd
