// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/detail/event_id_set.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellos {

namespace {

// Entry encoding: a tag byte, then the payload.
//   0..250  a raw id of that many bytes
//   251     a raw id whose 4-byte length follows
//   252     a canonical UUID as 16 bytes
constexpr unsigned char kLongTag = 251;
constexpr unsigned char kUuidTag = 252;
constexpr std::size_t kUuidText = 36;
constexpr std::size_t kUuidEntry = 17;  // the tag and 16 bytes

#if !defined(__SSE2__)
// Lower-case hex digit values; kNotHex for anything else (upper case is not
// the canonical form, so such ids are stored raw).
constexpr std::uint8_t kNotHex = 0x10;
constexpr std::array<std::uint8_t, 256> kHexValue = [] {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kNotHex;
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'a' + 10);
  return table;
}();

// Offsets of the 16 hex pairs of 8-4-4-4-12.
constexpr std::array<std::uint8_t, 16> kUuidPairs = {0,  2,  4,  6,  9,  11, 14, 16,
                                                     19, 21, 24, 26, 28, 30, 32, 34};

#endif

// A canonical UUID (lower-case 8-4-4-4-12 hex) as its tag and 16 bytes.
bool encode_uuid(std::string_view id, std::array<char, 96>& out) {
  if (id.size() != kUuidText || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-') {
    return false;
  }
  out[0] = static_cast<char>(kUuidTag);
#if defined(__SSE2__)
  // The 32 digits side by side, sixteen to a register, gathered from loads
  // of the id itself (copied to the stack and loaded back, they waited for
  // the copies' stores: a store-forwarding stall on every event). The first
  // sixteen are bytes 0-7, 9-12 and 14-17; the others 19-22 and 24-35.
  const auto load = [&id](std::size_t at) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(id.data() + at));
  };
  const __m128i first8 = _mm_set_epi32(0, 0, -1, -1);  // lanes 0-7
  const __m128i next4 = _mm_set_epi32(0, -1, 0, 0);    // lanes 8-11
  const __m128i first4 = _mm_set_epi32(0, 0, 0, -1);   // lanes 0-3
  const __m128i front = load(0);
  const __m128i digits[2] = {
      _mm_or_si128(_mm_or_si128(_mm_and_si128(front, first8),
                                _mm_and_si128(_mm_srli_si128(front, 1), next4)),
                   _mm_andnot_si128(_mm_or_si128(first8, next4), load(2))),
      _mm_or_si128(_mm_and_si128(load(19), first4), _mm_andnot_si128(first4, load(20))),
  };
  __m128i pairs[2];
  for (std::size_t half = 0; half < 2; ++half) {
    const __m128i c = digits[half];
    const auto between = [&c](char low, char high) {
      return _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(static_cast<char>(low - 1))),
                           _mm_cmplt_epi8(c, _mm_set1_epi8(static_cast<char>(high + 1))));
    };
    const __m128i letter = between('a', 'f');
    if (_mm_movemask_epi8(_mm_or_si128(between('0', '9'), letter)) != 0xFFFF) return false;
    const __m128i nibble = _mm_sub_epi8(_mm_sub_epi8(c, _mm_set1_epi8('0')),
                                        _mm_and_si128(letter, _mm_set1_epi8('a' - '0' - 10)));
    // Little-endian 16-bit lanes: the pair's first digit is the low byte.
    pairs[half] = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(nibble, _mm_set1_epi16(0xFF)), 4),
                               _mm_srli_epi16(nibble, 8));
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data() + 1),
                   _mm_packus_epi16(pairs[0], pairs[1]));
  return true;
#else
  unsigned seen = 0;
  for (std::size_t i = 0; i < kUuidPairs.size(); ++i) {
    const unsigned hi = kHexValue[static_cast<unsigned char>(id[kUuidPairs[i]])];
    const unsigned lo = kHexValue[static_cast<unsigned char>(id[kUuidPairs[i] + 1])];
    seen |= hi | lo;
    out[i + 1] = static_cast<char>((hi << 4) | (lo & 0xFU));
  }
  return (seen & kNotHex) == 0;
#endif
}

// A UUID's sixteen bytes as two words, compared without a call (GCC calls
// memcmp for a 16-byte compare; a cell's scan makes one per id it holds).
struct Uuid {
  std::uint64_t low = 0;
  std::uint64_t high = 0;

  Uuid() = default;
  explicit Uuid(const char* bytes) {
    std::memcpy(&low, bytes, sizeof low);
    std::memcpy(&high, bytes + sizeof low, sizeof high);
  }
  bool operator==(const Uuid&) const = default;
};

}  // namespace

EventIdSet::Key::Key(std::string_view id) {
  if (encode_uuid(id, small_)) {
    bytes_ = std::string_view(small_.data(), kUuidEntry);
    return;
  }
  if (id.size() < small_.size()) {
    small_[0] = static_cast<char>(id.size());
    std::memcpy(small_.data() + 1, id.data(), id.size());
    bytes_ = std::string_view(small_.data(), 1 + id.size());
    return;
  }
  if (id.size() < kLongTag) {
    long_.reserve(1 + id.size());
    long_.push_back(static_cast<char>(id.size()));
  } else {
    if (id.size() > UINT32_MAX) throw std::length_error("event id longer than 4 GiB");
    const auto length = static_cast<std::uint32_t>(id.size());
    long_.push_back(static_cast<char>(kLongTag));
    long_.append(reinterpret_cast<const char*>(&length), sizeof length);
  }
  long_.append(id);
  bytes_ = long_;
}

namespace {

std::uint64_t hash_entry(std::string_view encoded) {
  return std::hash<std::string_view>{}(encoded);
}

}  // namespace

std::string_view EventIdSet::entry_at(std::size_t offset) const {
  const char* p = bytes_.get() + offset;
  const auto tag = static_cast<unsigned char>(*p);
  if (tag == kUuidTag) return {p, kUuidEntry};
  if (tag == kLongTag) {
    std::uint32_t length;
    std::memcpy(&length, p + 1, sizeof length);
    return {p, 1 + sizeof length + length};
  }
  return {p, 1 + std::size_t{tag}};
}

bool EventIdSet::contains_encoded(std::string_view encoded) const {
  if (index_slots_ == 0) {
    // UUID entries, the usual case, are compared in place: fixed-size
    // compares, no calls. Entries of different kinds never match (tags differ).
    const bool uuid = static_cast<unsigned char>(encoded[0]) == kUuidTag;
    const Uuid wanted = uuid ? Uuid(encoded.data() + 1) : Uuid();
    for (std::size_t offset = 0; offset < size_;) {
      const char* entry = bytes_.get() + offset;
      if (static_cast<unsigned char>(*entry) == kUuidTag) {
        if (uuid && Uuid(entry + 1) == wanted) return true;
        offset += kUuidEntry;
        continue;
      }
      const std::string_view other = entry_at(offset);
      if (other == encoded) return true;
      offset += other.size();
    }
    return false;
  }
  const std::size_t mask = index_slots_ - 1;
  for (std::size_t slot = hash_entry(encoded) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t at = index_[slot];
    if (at == 0) return false;
    if (entry_at(at - 1) == encoded) return true;
  }
}

void EventIdSet::append(std::string_view encoded) {
  if (std::size_t{size_} + encoded.size() > UINT32_MAX - 1) {
    throw std::length_error("a cell's event ids exceed 4 GiB");
  }
  const auto needed = static_cast<std::uint32_t>(size_ + encoded.size());
  if (needed > capacity_) {
    // Four UUIDs fit the first allocation and eight the second: a typical
    // cell (three to ten events) reallocates at most twice. Past that, grow
    // by a quarter: slack is paid per cell, and fleets have many.
    constexpr std::uint64_t kFirst = 4 * kUuidEntry;
    const std::uint64_t step = capacity_ < 2 * kFirst ? capacity_ : capacity_ / 4;
    const auto grown = std::max<std::uint64_t>({needed, capacity_ + step, kFirst});
    const auto capacity = static_cast<std::uint32_t>(std::min<std::uint64_t>(grown, UINT32_MAX));
    auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }
  std::memcpy(bytes_.get() + size_, encoded.data(), encoded.size());
  size_ = needed;
}

void EventIdSet::insert(const Key& key) {
  const std::string_view encoded = key.bytes();
  const std::uint32_t offset = size_;
  append(encoded);
  ++count_;
  if (index_slots_ != 0) {
    if (std::size_t{count_} * 2 > index_slots_) {
      rebuild_index(std::size_t{index_slots_} * 2);
    } else {
      index_insert(offset, hash_entry(encoded));
    }
  } else if (count_ > kIndexThreshold) {
    rebuild_index(64);
  }
}

std::optional<std::uint32_t> EventIdSet::count_encoded(std::string_view encoded) {
  if (encoded.size() > UINT32_MAX - 1) return std::nullopt;
  std::uint32_t count = 0;
  for (std::size_t offset = 0; offset < encoded.size(); ++count) {
    const auto tag = static_cast<unsigned char>(encoded[offset]);
    std::size_t length = 1 + std::size_t{tag};
    if (tag == kUuidTag) {
      length = kUuidEntry;
    } else if (tag == kLongTag) {
      std::uint32_t raw = 0;
      if (encoded.size() - offset < 1 + sizeof raw) return std::nullopt;
      std::memcpy(&raw, encoded.data() + offset + 1, sizeof raw);
      length = 1 + sizeof raw + raw;
    } else if (tag > kLongTag) {
      return std::nullopt;
    }
    if (length > encoded.size() - offset) return std::nullopt;
    offset += length;
  }
  return count;
}

bool EventIdSet::restore(std::string_view encoded) {
  const std::optional<std::uint32_t> count = count_encoded(encoded);
  if (!count) return false;
  bytes_ = std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(encoded.size(), 1));
  if (!encoded.empty()) std::memcpy(bytes_.get(), encoded.data(), encoded.size());
  size_ = capacity_ = static_cast<std::uint32_t>(encoded.size());
  count_ = *count;
  index_.reset();
  index_slots_ = 0;
  if (count_ > kIndexThreshold) {
    std::size_t slots = 64;
    while (slots < std::size_t{count_} * 2) slots *= 2;
    rebuild_index(slots);
  }
  return true;
}

void EventIdSet::index_insert(std::uint32_t offset, std::uint64_t hash) {
  const std::size_t mask = index_slots_ - 1;
  std::size_t slot = hash & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = offset + 1;
}

void EventIdSet::rebuild_index(std::size_t slots) {
  if (slots > UINT32_MAX) throw std::length_error("a cell's event id index exceeds 2^32 slots");
  index_ = std::make_unique<std::uint32_t[]>(slots);  // zeroed: all empty
  index_slots_ = static_cast<std::uint32_t>(slots);
  for (std::uint32_t offset = 0; offset < size_;) {
    const std::string_view entry = entry_at(offset);
    index_insert(offset, hash_entry(entry));
    offset += static_cast<std::uint32_t>(entry.size());
  }
}

}  // namespace cellos
