// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the decompressing reader. Bytes that start with the gzip
// or zstd magic go through that decoder, the rest are read plain; lines are
// split with a small limit. Corrupt data must end in InputError, never a
// crash, a hang or unbounded memory.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "bytes_source.hpp"
#include "cellos/input/line_reader.hpp"
#include "input/decompress.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::unique_ptr<cellos::input::ByteSource> source =
      std::make_unique<cellos::fuzz::BytesSource>(data, size, 113);
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    source = cellos::input::make_gzip_source(std::move(source), "fuzz.gz");
  } else if (size >= 4 && std::memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0) {
    source = cellos::input::make_zstd_source(std::move(source), "fuzz.zst",
                                             cellos::input::kDefaultZstdMaxWindow);
  }
  cellos::input::LineReader reader(*source, 1 << 16);
  cellos::input::Line line;
  std::size_t total = 0;
  try {
    while (reader.next(line)) {
      total += line.text.size();
      // Decompression bombs are bounded by the limit below, not by memory.
      if (total > (std::size_t{64} << 20)) break;
    }
  } catch (const cellos::input::InputError&) {
  }
  return 0;
}
