// SPDX-License-Identifier: Apache-2.0
// A cell's state read in place from its encoding (state_codec.hpp): views of
// the stored bytes, nothing copied or allocated. What printing a checkpoint's
// cells that this run never touched needs: their snapshots render straight
// from the stored bytes instead of each cell being made and decoded first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "cellos/reducer/cell_state.hpp"
#include "reducer/derived_state.hpp"

namespace cellos {

namespace detail {
struct CellStateCodec;
}  // namespace detail

// One export record, its strings views of the stored bytes.
struct StoredExport {
  std::optional<TargetKind> target_kind;
  std::optional<std::string_view> target_name;
  std::optional<std::string_view> destination;
  std::optional<std::uint64_t> bytes_written;
};

// Reads the next record from the front of `in` (bytes StoredCellState::parse
// has checked), advancing it.
bool read_stored_export(std::string_view& in, StoredExport& out);

// A stored state's export records, read one by one as they are iterated.
class StoredExports {
 public:
  class iterator {
   public:
    using value_type = StoredExport;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(std::string_view in, std::size_t left) : in_(in), left_(left) { read(); }
    const StoredExport& operator*() const { return record_; }
    const StoredExport* operator->() const { return &record_; }
    iterator& operator++() {
      --left_;
      read();
      return *this;
    }
    bool operator==(const iterator& other) const { return left_ == other.left_; }

   private:
    void read() {
      if (left_ > 0) read_stored_export(in_, record_);
    }
    std::string_view in_;
    std::size_t left_ = 0;
    StoredExport record_;
  };

  [[nodiscard]] iterator begin() const { return {encoded_, count_}; }
  // Every iterator that has read all its records is the end.
  [[nodiscard]] static iterator end() { return {}; }
  [[nodiscard]] std::size_t size() const { return count_; }

 private:
  friend struct detail::CellStateCodec;
  std::string_view encoded_;
  std::size_t count_ = 0;
};

class StoredCellState {
 public:
  // Reads the state that `encoded` holds, all of it, checking it as
  // decode_cell_state() would; false when it is not a whole state of this
  // version. The views point into `encoded`.
  [[nodiscard]] bool parse(std::string_view encoded);

  // CellStateProjection's accessors.
  [[nodiscard]] std::optional<std::string_view> spec_id() const { return spec_id_; }
  [[nodiscard]] std::optional<std::string_view> cell_id() const { return cell_id_; }
  [[nodiscard]] std::optional<std::string_view> run_id() const { return run_id_; }
  [[nodiscard]] std::optional<PlacementView> placement() const {
    if (!has_placement_) return std::nullopt;
    return PlacementView{placement_pool_id_, placement_kubernetes_namespace_,
                         placement_queue_name_};
  }
  [[nodiscard]] LifecycleStage lifecycle_stage() const { return lifecycle_stage_; }
  [[nodiscard]] IdentityStage identity_stage() const { return identity_stage_; }
  [[nodiscard]] ExportStage export_stage() const { return export_stage_; }
  [[nodiscard]] std::optional<std::int32_t> command_exit_code() const { return command_exit_code_; }
  [[nodiscard]] std::optional<std::string_view> destroy_reason() const { return destroy_reason_; }
  [[nodiscard]] std::optional<std::string_view> last_error() const { return last_error_; }
  [[nodiscard]] const StoredExports& exports() const { return exports_; }
  [[nodiscard]] std::uint64_t processed_events() const { return processed_events_; }
  [[nodiscard]] CurrentState current_state() const { return detail::derive_current_state(*this); }

 private:
  friend struct detail::CellStateCodec;  // the encoding's one reader
  // Named as in CellStateProjection, which the codec reads the same way.
  std::optional<std::string_view> spec_id_;
  std::optional<std::string_view> cell_id_;
  std::optional<std::string_view> run_id_;
  std::optional<std::string_view> placement_pool_id_;
  std::optional<std::string_view> placement_kubernetes_namespace_;
  std::optional<std::string_view> placement_queue_name_;
  std::optional<std::string_view> destroy_reason_;
  std::optional<std::string_view> last_error_;
  StoredExports exports_;
  std::uint64_t processed_events_ = 0;
  std::optional<std::int32_t> command_exit_code_;
  LifecycleStage lifecycle_stage_ = LifecycleStage::Pending;
  IdentityStage identity_stage_ = IdentityStage::Unknown;
  ExportStage export_stage_ = ExportStage::None;
  bool has_placement_ = false;
  std::size_t ids_and_after_ = 0;  // bytes from the event ids to the end
};

// Appends `encoded`, which `state` parsed, to `out` without its event ids (a
// snapshot does not show them): a state that parses to the same snapshot in
// fewer bytes, for holding many of them until they print.
void append_without_ids(const StoredCellState& state, std::string_view encoded, std::string& out);

}  // namespace cellos
