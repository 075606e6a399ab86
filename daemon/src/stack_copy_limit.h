#pragma once

#include <cstdint>

#include "ember/result.h"

namespace ember::daemon {

// The bytes of user stack a probe may copy per sample: at most EMBER_STACK_COPY_MAX (the
// record's room); 0 means frame pointers only.
Result<void> check_stack_copy_bytes(uint32_t bytes);

}  // namespace ember::daemon
