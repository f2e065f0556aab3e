// SPDX-License-Identifier: Apache-2.0
// Decompressing byte sources: gzip (zlib; concatenated members and trailing
// zero padding accepted, as gzip(1) does) and zstd (any number of frames,
// skippable ones included). A truncated or corrupt
// stream raises InputError naming the format and the problem.
#pragma once

#include <memory>
#include <string>

#include "cellos/input/byte_source.hpp"

namespace cellos::input {

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name);
// A frame whose window is larger than `max_window` bytes is refused with an
// error that names the window it needs and the option that allows it.
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name, std::uint64_t max_window);

}  // namespace cellos::input
