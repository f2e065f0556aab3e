// SPDX-License-Identifier: Apache-2.0
#include "input/decompress.hpp"

#include <utility>
#include <vector>

#include "input/compression_libraries.hpp"

namespace cellos::input {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 17;

class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> in, std::string name)
      : in_(std::move(in)), name_(std::move(name)), zlib_(zlib_library(name_)), input_(kChunk) {
    // 16 + MAX_WBITS: expect a gzip header and trailer.
    if (zlib_.inflate_init2(&stream_, 16 + MAX_WBITS, ZLIB_VERSION,
                            static_cast<int>(sizeof(z_stream))) != Z_OK) {
      throw InputError(name_ + ": gzip: cannot initialise zlib");
    }
  }
  ~GzipSource() override { zlib_.inflate_end(&stream_); }
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
        // Another member follows (as `cat a.gz b.gz` makes), or zeros pad the
        // file to a block (as tapes do; gzip(1) ignores them); anything else
        // is garbage.
        if (skip_zero_padding()) continue;
        if (padded_ || stream_.next_in[0] != 0x1f) {
          throw InputError(name_ + ": gzip: trailing garbage after the compressed data");
        }
        zlib_.inflate_reset(&stream_);
        in_member_ = true;
      }
      const int rc = zlib_.inflate(&stream_, Z_NO_FLUSH);
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
  [[nodiscard]] FollowEnd follow_end() const override { return in_->follow_end(); }

 private:
  // Consumes zero bytes after a member; true when the buffer held only zeros.
  bool skip_zero_padding() {
    while (stream_.avail_in > 0 && stream_.next_in[0] == 0) {
      ++stream_.next_in;
      --stream_.avail_in;
      padded_ = true;
    }
    return stream_.avail_in == 0;
  }

  bool refill() {
    const std::size_t n = in_->read(input_.data(), input_.size());
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<uInt>(n);
    return n > 0;
  }

  std::unique_ptr<ByteSource> in_;
  std::string name_;
  const ZlibLibrary& zlib_;
  std::vector<char> input_;
  z_stream stream_{};
  bool in_member_ = true;
  bool padded_ = false;  // zeros followed the last member: nothing else may
};

class ZstdSource final : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> in, std::string name, std::uint64_t max_window)
      : in_(std::move(in)),
        name_(std::move(name)),
        zstd_(zstd_library(name_)),
        input_(zstd_.dstream_in_size()),
        stream_(zstd_.create_dstream()),
        max_window_(max_window) {
    if (stream_ == nullptr) throw InputError(name_ + ": zstd: cannot create a decoder");
    zstd_.dctx_set_parameter(stream_, ZSTD_d_windowLogMax, window_log(max_window));
  }
  ~ZstdSource() override { zstd_.free_dstream(stream_); }
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
      const ZSTD_inBuffer before = in_buf_;
      const bool frame_starts = frame_remaining_ == 0;
      frame_remaining_ = zstd_.decompress_stream(stream_, &out, &in_buf_);
      if (zstd_.is_error(frame_remaining_) != 0) {
        if (zstd_.get_error_code(frame_remaining_) == ZSTD_error_frameParameter_windowTooLarge) {
          throw InputError(window_too_large(frame_starts ? before : ZSTD_inBuffer{}));
        }
        throw InputError(name_ + ": zstd: corrupt data (" + zstd_.get_error_name(frame_remaining_) +
                         ")");
      }
    }
    return out.pos;
  }

  [[nodiscard]] std::uint64_t consumed() const override { return in_->consumed(); }
  [[nodiscard]] bool decompresses() const override { return true; }
  [[nodiscard]] FollowEnd follow_end() const override { return in_->follow_end(); }

 private:
  static int window_log(std::uint64_t bytes) {
    int log = 10;  // ZSTD_WINDOWLOG_ABSOLUTEMIN
    while (log < 31 && (std::uint64_t{1} << (log + 1)) <= bytes) ++log;
    return log;
  }

  // The window a frame asks for, from its header (RFC 8878, 3.1.1.1.2),
  // when `frame` starts with it; 0 when it does not say.
  static std::uint64_t window_of(const ZSTD_inBuffer& frame) {
    const auto* bytes = static_cast<const unsigned char*>(frame.src) + frame.pos;
    if (frame.size - frame.pos < 6 || (bytes[4] & 0x20U) != 0) return 0;  // single segment
    const unsigned exponent = bytes[5] >> 3U;
    const std::uint64_t base = std::uint64_t{1} << (10 + exponent);
    return base + base / 8 * (bytes[5] & 7U);
  }

  std::string window_too_large(const ZSTD_inBuffer& frame) const {
    constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
    const std::uint64_t needed = (window_of(frame) + kMiB - 1) / kMiB;  // 0: unknown
    const std::string allowed = std::to_string(max_window_ / kMiB) + " MiB";
    return name_ + ": zstd: a frame needs a window of " +
           (needed > 0 ? std::to_string(needed) + " MiB" : "more than " + allowed) +
           ", more than the " + allowed + " allowed (the file was made with zstd --long); " +
           "allow it with --zstd-memory " + (needed > 0 ? std::to_string(needed) + "M" : "2G") +
           " (at most 2G)";
  }

  std::unique_ptr<ByteSource> in_;
  std::string name_;
  const ZstdLibrary& zstd_;
  std::vector<char> input_;
  ZSTD_DStream* stream_;
  std::uint64_t max_window_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  std::size_t frame_remaining_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name) {
  return std::make_unique<GzipSource>(std::move(compressed), std::move(name));
}

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name, std::uint64_t max_window) {
  return std::make_unique<ZstdSource>(std::move(compressed), std::move(name), max_window);
}

}  // namespace cellos::input
