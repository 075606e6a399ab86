#include "stack_copy_limit.h"

#include <string>

#include "ember_abi.h"

namespace ember::daemon {

Result<void> check_stack_copy_bytes(uint32_t bytes) {
  if (bytes > EMBER_STACK_COPY_MAX)
    return make_error("the stack copy can be at most " + std::to_string(EMBER_STACK_COPY_MAX) +
                      " bytes");
  return {};
}

}  // namespace ember::daemon
