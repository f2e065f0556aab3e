// A batch of lines on its way through a parallel replay (--jobs > 1): the
// reading job copies lines in, any thread parses them (BatchPipeline), and
// the reducing job then routes and reduces them in input order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parsed_line.hpp"

namespace cellos::replay {

struct LineBatch {
  struct Span {
    std::uint64_t number;
    std::size_t offset;
    std::size_t size;
    std::size_t length;  // the full length (too-long lines keep no text)
    bool too_long;
    bool newline;
  };

  std::string text;  // the lines back to back
  std::vector<Span> lines;
  std::string arena;  // decoded strings of the parsed events
  std::vector<ParsedLine> parsed;
  bool done = false;  // parsed (guarded by BatchPipeline's mutex)

  // Whether another line fits. Lines count one byte each besides their text,
  // so that even a run of empty lines makes a batch full.
  [[nodiscard]] bool has_room(std::size_t batch_bytes) const {
    return text.size() + lines.size() < batch_bytes;
  }

  void clear() {
    text.clear();
    lines.clear();
    done = false;
  }
};

}  // namespace cellos::replay
