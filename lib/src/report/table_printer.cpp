#include <algorithm>
#include <array>

#include "cellos/report/printers.hpp"

namespace cellos::report {

namespace {

constexpr std::size_t kColumns = 7;
constexpr std::size_t kMaxErrorWidth = 60;

// Display width in code points (UTF-8 continuation bytes do not count).
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

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

void TablePrinter::on_finish(const replay::CellTable& cells, const replay::ReplayStats& /*stats*/,
                             replay::ReplayEnd end) {
  if (end == replay::ReplayEnd::StoppedAtInputError) return;
  std::vector<std::array<std::string, kColumns>> rows;
  rows.push_back({"CELL", "SPEC", "RUN", "STATE", "EXIT", "EXPORTS", "LAST ERROR"});
  for (const CellStateProjection& cell : cells) {
    if (!selection_.matches(cell)) continue;
    rows.push_back({
        or_dash(cell.cell_id()),
        or_dash(cell.spec_id()),
        or_dash(cell.run_id()),
        std::string(json_name(cell.current_state())),
        cell.command_exit_code() ? std::to_string(*cell.command_exit_code()) : "-",
        std::to_string(cell.exports().size()),
        cell.last_error() ? cell_text(*cell.last_error(), kMaxErrorWidth) : "-",
    });
  }
  std::array<std::size_t, kColumns> widths{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], width_of(row[i]));
  }
  for (const auto& row : rows) {
    std::string& line = out_.buffer();
    for (std::size_t i = 0; i < kColumns; ++i) {
      line.append(row[i]);
      if (i + 1 < kColumns) line.append(widths[i] - width_of(row[i]) + 2, ' ');
    }
    line.push_back('\n');
    out_.commit();
  }
}

}  // namespace cellos::report
