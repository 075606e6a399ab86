#include "gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace ember::profile {
namespace {

// zlib: windowBits 15 plus 16 selects the gzip wrapper instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr size_t kChunk = 256 * 1024;

// Owns a z_stream set up for one direction; zlib needs the matching *End call.
class ZStream {
 public:
  explicit ZStream(bool inflating) : inflating_(inflating) {}
  ~ZStream() {
    if (!ready_) return;
    if (inflating_)
      inflateEnd(&stream_);
    else
      deflateEnd(&stream_);
  }
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;

  bool init() {
    int rc = inflating_ ? inflateInit2(&stream_, kGzipWindowBits)
                        : deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits,
                                       8, Z_DEFAULT_STRATEGY);
    ready_ = rc == Z_OK;
    return ready_;
  }
  z_stream* get() { return &stream_; }

 private:
  z_stream stream_{};
  bool inflating_;
  bool ready_ = false;
};

// zlib counts in uInt; feed very large inputs in pieces.
void set_input(z_stream* z, std::string_view bytes, size_t consumed) {
  size_t left = bytes.size() - consumed;
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
  z->avail_in = static_cast<uInt>(std::min<size_t>(left, UINT_MAX));
}

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gzip_compress(std::string_view bytes) {
  ZStream zs(false);
  if (!zs.init()) return make_error("gzip: cannot initialise compressor");
  z_stream* z = zs.get();
  std::string out;
  size_t consumed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    set_input(z, bytes, consumed);
    uInt offered = z->avail_in;
    bool last = consumed + offered == bytes.size();
    size_t used = out.size();
    out.resize(used + kChunk);
    z->next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z->avail_out = kChunk;
    rc = deflate(z, last ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) return make_error("gzip: compression failed");
    out.resize(used + kChunk - z->avail_out);
    consumed += offered - z->avail_in;
  }
  return out;
}

Result<std::string> gzip_decompress(std::string_view bytes, size_t max_size) {
  ZStream zs(true);
  if (!zs.init()) return make_error("gzip: cannot initialise decompressor");
  z_stream* z = zs.get();
  std::string out;
  size_t consumed = 0;
  for (;;) {
    set_input(z, bytes, consumed);
    uInt offered = z->avail_in;
    size_t used = out.size();
    out.resize(used + kChunk);
    z->next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z->avail_out = kChunk;
    int rc = inflate(z, Z_NO_FLUSH);
    out.resize(used + kChunk - z->avail_out);
    consumed += offered - z->avail_in;
    if (out.size() > max_size)
      return make_error("gzip: decompressed size exceeds " + std::to_string(max_size) + " bytes");
    if (rc == Z_STREAM_END) {
      // Concatenated members form one gzip file (RFC 1952, 2.2).
      if (consumed == bytes.size()) return out;
      if (inflateReset(z) != Z_OK) return make_error("gzip: cannot restart decompressor");
      continue;
    }
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR) return make_error("gzip: corrupt data");
    if (rc == Z_MEM_ERROR) return make_error("gzip: out of memory");
    // There is always output room, so "no progress possible" means the input ran out early.
    if (rc == Z_BUF_ERROR) return make_error("gzip: truncated data");
  }
}

}  // namespace ember::profile
