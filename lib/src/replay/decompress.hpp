// Decompressing byte sources: gzip (zlib, concatenated members accepted, as
// gzip(1) does) and zstd (any number of frames). A truncated or corrupt
// stream raises InputError naming the format and the problem.
#pragma once

#include <memory>
#include <string>

#include "cellos/replay/byte_source.hpp"

namespace cellos::replay {

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name);
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed,
                                             std::string name);

}  // namespace cellos::replay
