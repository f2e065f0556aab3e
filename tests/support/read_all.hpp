// SPDX-License-Identifier: Apache-2.0
// The whole content of a temporary file a test had something write into.
#pragma once

#include <cstdio>
#include <string>

namespace cellos::test {

inline std::string read_all(std::FILE* file) {
  std::string text;
  std::rewind(file);
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file)) text.append(buffer, n);
  return text;
}

}  // namespace cellos::test
