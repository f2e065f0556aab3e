// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/table_printer.hpp"

#include <algorithm>
#include <array>

#include "cellos/base/utf8.hpp"

namespace cellos::report {

namespace {

constexpr std::size_t kColumns = 8;
constexpr std::size_t kMaxErrorWidth = 60;

// Control characters would break the layout; show them as '?'. Long values
// are cut to `limit` code points with an ellipsis.
std::string cell_text(std::string_view text, std::size_t limit = SIZE_MAX) {
  std::string out;
  std::size_t width = 0;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    const bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char && ++width > limit) {
      out.append("…");
      break;
    }
    out.push_back(c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c));
  }
  return out;
}

std::string or_dash(std::optional<std::string_view> value) {
  return value ? cell_text(*value) : std::string("-");
}

}  // namespace

namespace {

// Green when the cell ended well, red when something failed, yellow while unfinished.
const char* color_of(CurrentState state) {
  switch (state) {
    case CurrentState::Destroyed:
    case CurrentState::CommandSucceeded:
    case CurrentState::ExportSucceeded:
      return "\033[32m";
    case CurrentState::IdentityFailed:
    case CurrentState::CommandFailed:
    case CurrentState::ExportFailed:
    case CurrentState::DestroyFailed:
      return "\033[31m";
    default:
      return "\033[33m";
  }
}

// Cuts `text` to `width` code points, ending in an ellipsis when cut.
std::string cut_to(const std::string& text, std::size_t width) {
  if (utf8::display_width(text) <= width) return text;
  std::string out;
  std::size_t used = 0;
  for (const char byte : text) {
    if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80 && ++used > width - 1) break;
    out.push_back(byte);
  }
  return out + "…";
}

}  // namespace

void TablePrinter::on_finish(const replay::CellTable& cells, const replay::ReplayStats& /*stats*/,
                             replay::ReplayEnd end) {
  if (end == replay::ReplayEnd::StoppedAtInputError) return;
  std::vector<std::array<std::string, kColumns>> rows;
  std::vector<CurrentState> states;
  rows.push_back({"CELL", "SPEC", "RUN", "STATE", "EVENTS", "EXIT", "EXPORTS", "LAST ERROR"});
  for (const std::size_t i : selection_.picked(cells)) {
    const CellStateProjection& cell = cells[i];
    states.push_back(cell.current_state());
    rows.push_back({
        or_dash(cell.cell_id()),
        or_dash(cell.spec_id()),
        or_dash(cell.run_id()),
        std::string(json_name(cell.current_state())),
        std::to_string(cell.processed_events()),
        cell.command_exit_code() ? std::to_string(*cell.command_exit_code()) : "-",
        std::to_string(cell.exports().size()),
        cell.last_error() ? cell_text(*cell.last_error(), kMaxErrorWidth) : "-",
    });
  }
  std::array<std::size_t, kColumns> widths{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i)
      widths[i] = std::max(widths[i], utf8::display_width(row[i]));
  }
  // Narrow the widest cut-able column (never STATE, EVENTS, EXIT, EXPORTS) until rows fit.
  const std::size_t gaps = 2 * (kColumns - 1);
  auto total = [&] {
    std::size_t sum = gaps;
    for (const std::size_t w : widths) sum += w;
    return sum;
  };
  constexpr std::array<std::size_t, 4> kCuttable = {7, 0, 1, 2};
  constexpr std::size_t kMinWidth = 6;
  while (style_.width != 0 && total() > style_.width) {
    std::size_t widest = kCuttable[0];
    for (const std::size_t i : kCuttable) widest = widths[i] > widths[widest] ? i : widest;
    if (widths[widest] <= kMinWidth) break;
    widths[widest] = std::max(
        kMinWidth, widths[widest] - std::min(widths[widest] - kMinWidth, total() - style_.width));
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string& line = out_.buffer();
    for (std::size_t i = 0; i < kColumns; ++i) {
      const std::string text = cut_to(rows[r][i], widths[i]);
      const bool colored = style_.color && r > 0 && i == 3;
      if (colored) line.append(color_of(states[r - 1]));
      line.append(text);
      if (colored) line.append("\033[0m");
      if (i + 1 < kColumns) line.append(widths[i] - utf8::display_width(text) + 2, ' ');
    }
    line.push_back('\n');
    out_.commit();
  }
}

}  // namespace cellos::report
