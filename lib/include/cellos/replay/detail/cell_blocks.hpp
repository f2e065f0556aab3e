// SPDX-License-Identifier: Apache-2.0
// The cells of a CellTable: numbered, never moved once made, kept in blocks
// that come into being when one of their cells is first used. A resumed
// replay numbers every cell its checkpoint holds but makes only the blocks
// its events reach: the cells it never touches cost no memory.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <vector>

#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos::replay::detail {

class CellBlocks {
 public:
  // 256 cells (~53 KB): a block stays under malloc's mmap threshold, so a
  // small log's first cells cost no system call.
  static constexpr std::size_t kBlockBits = 8;
  static constexpr std::size_t kBlockCells = std::size_t{1} << kBlockBits;

  [[nodiscard]] std::size_t size() const { return size_; }

  // A new cell at the end; returns its number.
  std::size_t push_back() {
    if ((size_ >> kBlockBits) == blocks_.size()) blocks_.emplace_back();
    (void)(*this)[size_];  // makes it
    return size_++;
  }
  // Numbers `count` more cells at the end without making them.
  void append_unmade(std::size_t count) {
    size_ += count;
    blocks_.resize((size_ + kBlockCells - 1) >> kBlockBits);
  }
  // Cell `i`, made (with its block, and the cells before it in the block)
  // if it was not.
  CellStateProjection& operator[](std::size_t i) {
    std::unique_ptr<Block>& block = blocks_[i >> kBlockBits];
    if (!block) [[unlikely]]
      block = std::make_unique<Block>();
    const std::size_t at = i & (kBlockCells - 1);
    if (at >= block->made) [[unlikely]]
      block->make_up_to(at);
    return block->cell(at);
  }
  // Cell `i`; one never made reads as a new cell, which is what it is.
  [[nodiscard]] const CellStateProjection& operator[](std::size_t i) const {
    const Block* block = blocks_[i >> kBlockBits].get();
    const std::size_t at = i & (kBlockCells - 1);
    return block != nullptr && at < block->made ? block->cell(at) : unmade();
  }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = CellStateProjection;
    using difference_type = std::ptrdiff_t;
    using pointer = const CellStateProjection*;
    using reference = const CellStateProjection&;

    const_iterator() = default;
    const_iterator(const CellBlocks* cells, std::size_t i) : cells_(cells), i_(i) {}
    reference operator*() const { return (*cells_)[i_]; }
    pointer operator->() const { return &(*cells_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return i_ == other.i_; }

   private:
    const CellBlocks* cells_ = nullptr;
    std::size_t i_ = 0;
  };
  [[nodiscard]] const_iterator begin() const { return {this, 0}; }
  [[nodiscard]] const_iterator end() const { return {this, size_}; }

 private:
  // Room for kBlockCells cells, made in order as they are first asked for:
  // a small log's first cells touch a few pages of it, not all 53 KB.
  class Block {
   public:
    Block() {}  // NOLINT(modernize-use-equals-default): leaves `room_` uninitialised
    ~Block() {
      for (std::size_t i = 0; i < made; ++i) cell(i).~CellStateProjection();
    }
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;

    CellStateProjection& cell(std::size_t i) {
      return std::launder(reinterpret_cast<CellStateProjection*>(room_))[i];
    }
    [[nodiscard]] const CellStateProjection& cell(std::size_t i) const {
      return std::launder(reinterpret_cast<const CellStateProjection*>(room_))[i];
    }
    void make_up_to(std::size_t i) {
      for (; made <= i; ++made)
        new (room_ + made * sizeof(CellStateProjection)) CellStateProjection;
    }

    std::size_t made = 0;

   private:
    alignas(CellStateProjection) std::byte room_[kBlockCells * sizeof(CellStateProjection)];
  };

  static const CellStateProjection& unmade() {
    static const CellStateProjection kNew;
    return kNew;
  }

  std::vector<std::unique_ptr<Block>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace cellos::replay::detail
