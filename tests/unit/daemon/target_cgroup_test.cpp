#include "target_cgroup.h"

#include <gtest/gtest.h>

namespace ember::daemon {
namespace {

TEST(Cgroup2MountPoint, FindsTheUnifiedHierarchyOnHybridSystems) {
  const std::string mountinfo =
      "30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
      "31 30 0:27 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
      "41 30 0:38 / /sys/fs/cgroup/unified rw,relatime shared:5 - cgroup2 cgroup2 rw\n";
  EXPECT_EQ(cgroup2_mount_point(mountinfo), "/sys/fs/cgroup/unified");
}

TEST(Cgroup2MountPoint, FindsAPureCgroup2SystemsMount) {
  EXPECT_EQ(cgroup2_mount_point("35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime "
                                "shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"),
            "/sys/fs/cgroup");
}

TEST(Cgroup2MountPoint, NoneOrMalformedGivesEmpty) {
  EXPECT_EQ(cgroup2_mount_point("31 30 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw\n"), "");
  EXPECT_EQ(cgroup2_mount_point("garbage - cgroup2\n- cgroup2\n\n"), "");
}

}  // namespace
}  // namespace ember::daemon
