// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/state_codec.hpp"

#include <array>
#include <cstring>
#include <limits>

#include "base/varint.hpp"
#include "reducer/encode_cell_state.hpp"
#include "reducer/stored_cell_state.hpp"

namespace cellos {

namespace {

// The layout, all integers as LEB128 varints:
//   8 optional texts (spec, cell, run, pool, namespace, queue, destroy reason,
//   last error), each 0 or 1 + length + bytes; has_placement; lifecycle,
//   identity and export stages; exit code (0, or 1 + zigzag); processed
//   events; exports (count, then kind 0 none / 1+kind, name, destination,
//   bytes written 0 / 1+value); event ids (length + the set's encoding).

// Copies `bytes` to `at` (an empty view's data may be null, which memcpy
// must not be given); returns the end.
char* put_bytes(char* at, std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  return at + bytes.size();
}

// The most bytes put_text() writes for `text`.
std::size_t text_bound(const OptionalText& text) {
  return 1 + varint::kMaxBytes + text.view().size();
}

char* put_text(char* at, std::optional<std::string_view> text) {
  if (!text) {
    *at++ = 0;
    return at;
  }
  *at++ = 1;
  return put_bytes(varint::put(at, text->size()), *text);
}

class Reader {
 public:
  explicit Reader(std::string_view& in) : in_(in) {}

  bool varint(std::uint64_t& value) { return varint::get(in_, value); }
  bool small(std::uint64_t& value, std::uint64_t most) { return varint(value) && value <= most; }
  bool bytes(std::size_t size, std::string_view& out) {
    if (in_.size() < size) return false;
    out = in_.substr(0, size);
    in_.remove_prefix(size);
    return true;
  }
  bool text(std::optional<std::string_view>& out) {
    std::uint64_t present = 0;
    if (!small(present, 1)) return false;
    if (present == 0) {
      out.reset();
      return true;
    }
    std::uint64_t size = 0;
    std::string_view value;
    if (!varint(size) || size > in_.size() || !bytes(static_cast<std::size_t>(size), value))
      return false;
    out = value;
    return true;
  }
  bool text(OptionalText& out) {
    std::optional<std::string_view> value;
    if (!text(value)) return false;
    out.assign(value);
    return true;
  }

 private:
  std::string_view& in_;
};

}  // namespace

namespace detail {

struct CellStateCodec {
  // The eight optional texts, in the order they are written (works for a
  // const cell and a mutable one alike).
  template <class Cell>
  static auto texts(Cell& c) {
    return std::array{&c.spec_id_,
                      &c.cell_id_,
                      &c.run_id_,
                      &c.placement_pool_id_,
                      &c.placement_kubernetes_namespace_,
                      &c.placement_queue_name_,
                      &c.destroy_reason_,
                      &c.last_error_};
  }

  // The most bytes encode() writes for `c`: room asked for once, so that
  // each field is stored without a capacity check of its own.
  static std::size_t encoded_bound(const CellStateProjection& c) {
    std::size_t bound = 4 + 4 * varint::kMaxBytes;  // flag, stages; code, events, counts
    for (const OptionalText* text : texts(c)) bound += text_bound(*text);
    for (const ExportRecord& e : c.exports_) {
      bound += 3 * varint::kMaxBytes + text_bound(e.target_name) + text_bound(e.destination);
    }
    return bound + c.applied_event_ids_.encoded().size();
  }

  static char* encode(const CellStateProjection& c, char* at) {
    for (const OptionalText* text : texts(c)) at = put_text(at, text->get());
    *at++ = c.has_placement_ ? 1 : 0;
    *at++ = static_cast<char>(c.lifecycle_stage_);
    *at++ = static_cast<char>(c.identity_stage_);
    *at++ = static_cast<char>(c.export_stage_);
    if (c.command_exit_code_) {
      // Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...; plus one, as 0 is "none".
      const std::int64_t code = *c.command_exit_code_;
      const std::uint64_t zigzag = code < 0 ? (static_cast<std::uint64_t>(-(code + 1)) << 1) | 1U
                                            : static_cast<std::uint64_t>(code) << 1;
      at = varint::put(at, 1 + zigzag);
    } else {
      at = varint::put(at, 0);
    }
    at = varint::put(at, c.processed_events_);
    at = varint::put(at, c.exports_.size());
    for (const ExportRecord& e : c.exports_) {
      at = varint::put(at, e.target_kind ? 1 + static_cast<unsigned>(*e.target_kind) : 0);
      at = put_text(at, e.target_name.get());
      at = put_text(at, e.destination.get());
      at = varint::put(at, e.bytes_written ? 1 : 0);
      if (e.bytes_written) at = varint::put(at, *e.bytes_written);
    }
    const std::string_view ids = c.applied_event_ids_.encoded();
    return put_bytes(varint::put(at, ids.size()), ids);
  }

  // Into a reducer (CellStateProjection) or a view (StoredCellState): both
  // name their fields alike.
  template <class Cell>
  static bool decode(std::string_view& in, Cell& c) {
    Reader r(in);
    for (auto* text : texts(c)) {
      if (!r.text(*text)) return false;
    }
    std::uint64_t flag = 0;
    std::uint64_t lifecycle = 0;
    std::uint64_t identity = 0;
    std::uint64_t exported = 0;
    if (!r.small(flag, 1) ||
        !r.small(lifecycle, static_cast<std::uint64_t>(LifecycleStage::Destroyed)) ||
        !r.small(identity, static_cast<std::uint64_t>(IdentityStage::RevokeFailed)) ||
        !r.small(exported, static_cast<std::uint64_t>(ExportStage::Failed))) {
      return false;
    }
    c.has_placement_ = flag == 1;
    c.lifecycle_stage_ = static_cast<LifecycleStage>(lifecycle);
    c.identity_stage_ = static_cast<IdentityStage>(identity);
    c.export_stage_ = static_cast<ExportStage>(exported);
    std::uint64_t code = 0;
    if (!r.varint(code) || !r.varint(c.processed_events_)) return false;
    if (code == 0) {
      c.command_exit_code_.reset();
    } else {
      const std::uint64_t zigzag = code - 1;
      const auto half = static_cast<std::int64_t>(zigzag >> 1);
      const std::int64_t value = (zigzag & 1U) != 0 ? -half - 1 : half;
      if (value < std::numeric_limits<std::int32_t>::min() ||
          value > std::numeric_limits<std::int32_t>::max())
        return false;
      c.command_exit_code_ = static_cast<std::int32_t>(value);
    }
    return decode_exports(r, in, c) && decode_ids(r, in, c);
  }

  // One export record, into an ExportRecord or a StoredExport.
  template <class Record>
  static bool decode_export(Reader& r, Record& e) {
    std::uint64_t kind = 0;
    std::uint64_t has_bytes = 0;
    if (!r.small(kind, 1 + static_cast<std::uint64_t>(TargetKind::Http)) ||
        !r.text(e.target_name) || !r.text(e.destination) || !r.small(has_bytes, 1)) {
      return false;
    }
    e.target_kind.reset();
    if (kind > 0) e.target_kind = static_cast<TargetKind>(kind - 1);
    e.bytes_written.reset();
    if (has_bytes == 1) {
      std::uint64_t bytes = 0;
      if (!r.varint(bytes)) return false;
      e.bytes_written = bytes;
    }
    return true;
  }

  static void append_without_ids(const StoredCellState& c, std::string_view encoded,
                                 std::string& out) {
    out.append(encoded.substr(0, encoded.size() - c.ids_and_after_));
    varint::put(out, 0);  // an empty set of ids
  }

 private:
  // Each export takes at least four bytes: a count beyond that is damage.
  static bool export_count(Reader& r, const std::string_view& in, std::uint64_t& count) {
    return r.varint(count) && count <= in.size() / 4;
  }

  static bool decode_exports(Reader& r, std::string_view& in, CellStateProjection& c) {
    std::uint64_t count = 0;
    if (!export_count(r, in, count)) return false;
    c.exports_.assign(static_cast<std::size_t>(count), ExportRecord{});
    for (ExportRecord& e : c.exports_) {
      if (!decode_export(r, e)) return false;
    }
    return true;
  }
  // A view's records are checked here and read again as they are iterated.
  static bool decode_exports(Reader& r, std::string_view& in, StoredCellState& c) {
    std::uint64_t count = 0;
    if (!export_count(r, in, count)) return false;
    const std::string_view start = in;
    StoredExport e;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (!decode_export(r, e)) return false;
    }
    c.exports_.encoded_ = start.substr(0, start.size() - in.size());
    c.exports_.count_ = static_cast<std::size_t>(count);
    return true;
  }

  static bool read_ids(Reader& r, std::string_view& ids) {
    std::uint64_t size = 0;
    return r.varint(size) && r.bytes(static_cast<std::size_t>(size), ids);
  }
  static bool decode_ids(Reader& r, std::string_view& /*in*/, CellStateProjection& c) {
    std::string_view ids;
    return read_ids(r, ids) && c.applied_event_ids_.restore(ids);
  }
  // A view does not keep the ids (a snapshot does not show them), but checks
  // them as restoring would.
  static bool decode_ids(Reader& r, std::string_view& in, StoredCellState& c) {
    c.ids_and_after_ = in.size();
    std::string_view ids;
    return read_ids(r, ids) && EventIdSet::valid_encoding(ids);
  }
};

}  // namespace detail

void encode_cell_state(const CellStateProjection& cell, std::string& out) {
  const std::size_t at = out.size();
  out.resize(at + detail::CellStateCodec::encoded_bound(cell));
  char* const end = detail::CellStateCodec::encode(cell, out.data() + at);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void encode_cell_state(const CellStateProjection& cell, ByteBuffer& out) {
  char* const at = out.tail(detail::CellStateCodec::encoded_bound(cell));
  out.commit_to(detail::CellStateCodec::encode(cell, at));
}

bool decode_cell_state(std::string_view& in, CellStateProjection& cell) {
  return detail::CellStateCodec::decode(in, cell);
}

bool StoredCellState::parse(std::string_view encoded) {
  return detail::CellStateCodec::decode(encoded, *this) && encoded.empty();
}

void append_without_ids(const StoredCellState& state, std::string_view encoded, std::string& out) {
  detail::CellStateCodec::append_without_ids(state, encoded, out);
}

bool read_stored_export(std::string_view& in, StoredExport& out) {
  Reader r(in);
  return detail::CellStateCodec::decode_export(r, out);
}

}  // namespace cellos
