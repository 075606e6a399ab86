#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "ember/result.h"

struct ring_buffer;

namespace ember::daemon {

// Owns a libbpf ring buffer consumer and hands each record to a callback.
class RingBufferReader {
 public:
  using Handler = std::function<void(const void* data, size_t size)>;

  static Result<RingBufferReader> open(int map_fd, Handler handler);
  RingBufferReader(RingBufferReader&&) noexcept;
  RingBufferReader& operator=(RingBufferReader&&) noexcept;
  RingBufferReader(const RingBufferReader&) = delete;
  RingBufferReader& operator=(const RingBufferReader&) = delete;
  ~RingBufferReader();

  // Consumes available records, waiting up to timeout_ms for the first one. It returns as
  // soon as it consumed something, so callers loop on time, not on the count.
  Result<int> poll(int timeout_ms);
  // Consumes whatever is available without waiting.
  Result<int> drain();

 private:
  RingBufferReader() = default;
  ring_buffer* ring_ = nullptr;
  // Heap-allocated so the pointer libbpf keeps stays valid when the reader moves.
  std::unique_ptr<Handler> handler_;
};

}  // namespace ember::daemon
