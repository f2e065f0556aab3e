#include "decompress.hpp"

#include <zlib.h>
#include <zstd.h>

#include <utility>
#include <vector>

namespace cellos::replay {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 17;

class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> in, std::string name)
      : in_(std::move(in)), name_(std::move(name)), input_(kChunk) {
    // 16 + MAX_WBITS: expect a gzip header and trailer.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      throw InputError(name_ + ": gzip: cannot initialise zlib");
    }
  }
  ~GzipSource() override { inflateEnd(&stream_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, UINT32_MAX));
    while (stream_.avail_out == static_cast<uInt>(std::min<std::size_t>(size, UINT32_MAX))) {
      if (stream_.avail_in == 0 && !refill()) {
        if (!in_member_) return 0;  // clean end after a complete member
        throw InputError(name_ + ": gzip: unexpected end of data (the file is truncated)");
      }
      if (!in_member_) {
        // Another member follows (as `cat a.gz b.gz` makes); anything else is garbage.
        if (stream_.next_in[0] != 0x1f) {
          throw InputError(name_ + ": gzip: trailing garbage after the compressed data");
        }
        inflateReset(&stream_);
        in_member_ = true;
      }
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw InputError(name_ + ": gzip: corrupt data (" +
                         (stream_.msg != nullptr ? stream_.msg : "inflate failed") + ")");
      }
    }
    return static_cast<std::size_t>(std::min<std::size_t>(size, UINT32_MAX) - stream_.avail_out);
  }

  [[nodiscard]] std::uint64_t consumed() const override { return in_->consumed(); }
  [[nodiscard]] bool decompresses() const override { return true; }

 private:
  bool refill() {
    const std::size_t n = in_->read(input_.data(), input_.size());
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<uInt>(n);
    return n > 0;
  }

  std::unique_ptr<ByteSource> in_;
  std::string name_;
  std::vector<char> input_;
  z_stream stream_{};
  bool in_member_ = true;
};

class ZstdSource final : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> in, std::string name)
      : in_(std::move(in)),
        name_(std::move(name)),
        input_(ZSTD_DStreamInSize()),
        stream_(ZSTD_createDStream()) {
    if (stream_ == nullptr) throw InputError(name_ + ": zstd: cannot create a decoder");
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    ZSTD_outBuffer out{buffer, size, 0};
    while (out.pos == 0) {
      if (in_buf_.pos == in_buf_.size) {
        const std::size_t n = in_->read(input_.data(), input_.size());
        if (n == 0) {
          if (frame_remaining_ != 0) {
            throw InputError(name_ + ": zstd: unexpected end of data (the file is truncated)");
          }
          return 0;
        }
        in_buf_ = ZSTD_inBuffer{input_.data(), n, 0};
      }
      frame_remaining_ = ZSTD_decompressStream(stream_, &out, &in_buf_);
      if (ZSTD_isError(frame_remaining_) != 0) {
        throw InputError(name_ + ": zstd: corrupt data (" + ZSTD_getErrorName(frame_remaining_) +
                         ")");
      }
    }
    return out.pos;
  }

  [[nodiscard]] std::uint64_t consumed() const override { return in_->consumed(); }
  [[nodiscard]] bool decompresses() const override { return true; }

 private:
  std::unique_ptr<ByteSource> in_;
  std::string name_;
  std::vector<char> input_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  std::size_t frame_remaining_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name) {
  return std::make_unique<GzipSource>(std::move(compressed), std::move(name));
}

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name) {
  return std::make_unique<ZstdSource>(std::move(compressed), std::move(name));
}

}  // namespace cellos::replay
