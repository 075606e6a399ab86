#include "ring_buffer_reader.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace ember::daemon {

namespace {

int on_record(void* context, void* data, size_t size) {
  (*static_cast<RingBufferReader::Handler*>(context))(data, size);
  return 0;
}

Result<int> check(int consumed, const char* what) {
  if (consumed < 0 && consumed != -EINTR)
    return make_error(std::string("ring buffer ") + what + " failed: " + std::strerror(-consumed));
  return consumed < 0 ? 0 : consumed;
}

}  // namespace

Result<RingBufferReader> RingBufferReader::open(int map_fd, Handler handler) {
  RingBufferReader reader;
  reader.handler_ = std::make_unique<Handler>(std::move(handler));
  reader.ring_ = ring_buffer__new(map_fd, on_record, reader.handler_.get(), nullptr);
  if (!reader.ring_)
    return make_error(std::string("cannot open the BPF ring buffer: ") + std::strerror(errno));
  return reader;
}

RingBufferReader::RingBufferReader(RingBufferReader&& other) noexcept
    : ring_(std::exchange(other.ring_, nullptr)), handler_(std::move(other.handler_)) {}

RingBufferReader& RingBufferReader::operator=(RingBufferReader&& other) noexcept {
  if (this != &other) {
    if (ring_) ring_buffer__free(ring_);
    ring_ = std::exchange(other.ring_, nullptr);
    handler_ = std::move(other.handler_);
  }
  return *this;
}

RingBufferReader::~RingBufferReader() {
  if (ring_) ring_buffer__free(ring_);
}

// Samples are submitted without waking the reader (targets.bpf.h): when the wait ends with no
// wakeup, what arrived meanwhile is read all the same.
Result<int> RingBufferReader::poll(int timeout_ms) {
  const int polled = ring_buffer__poll(ring_, timeout_ms);
  return check(polled == 0 ? ring_buffer__consume(ring_) : polled, "poll");
}

Result<int> RingBufferReader::drain() {
  return check(ring_buffer__consume(ring_), "read");
}

}  // namespace ember::daemon
