#include "cellos/event_id_set.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>

namespace cellos {

namespace {

// Entry encoding: a tag byte, then the payload.
//   0..250  a raw id of that many bytes
//   251     a raw id whose 4-byte length follows
//   252     a canonical UUID as 16 bytes
constexpr unsigned char kLongTag = 251;
constexpr unsigned char kUuidTag = 252;
constexpr std::size_t kUuidText = 36;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is not canonical: such ids are stored raw
}

// Encodes `id` into `out`; returns the encoded view (into `out` or `id`'s copy).
std::string_view encode(std::string_view id, std::array<char, 1 + 16>& uuid_buf, std::string& long_buf) {
  if (id.size() == kUuidText && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-') {
    uuid_buf[0] = static_cast<char>(kUuidTag);
    std::size_t out = 1;
    bool ok = true;
    for (std::size_t i = 0; i < kUuidText && ok; i += (i == 6 || i == 11 || i == 16 || i == 21) ? 3 : 2) {
      const int hi = hex_value(id[i]);
      const int lo = hex_value(id[i + 1]);
      ok = hi >= 0 && lo >= 0;
      uuid_buf[out++] = static_cast<char>(hi << 4 | lo);
    }
    if (ok && out == uuid_buf.size()) return {uuid_buf.data(), uuid_buf.size()};
  }
  long_buf.clear();
  if (id.size() < kLongTag) {
    long_buf.push_back(static_cast<char>(id.size()));
  } else {
    if (id.size() > UINT32_MAX) throw std::length_error("event id longer than 4 GiB");
    const auto length = static_cast<std::uint32_t>(id.size());
    long_buf.push_back(static_cast<char>(kLongTag));
    long_buf.append(reinterpret_cast<const char*>(&length), sizeof length);
  }
  long_buf.append(id);
  return long_buf;
}

std::uint64_t hash_entry(std::string_view encoded) { return std::hash<std::string_view>{}(encoded); }

}  // namespace

std::string_view EventIdSet::entry_at(std::size_t offset) const {
  const char* p = bytes_.get() + offset;
  const auto tag = static_cast<unsigned char>(*p);
  if (tag == kUuidTag) return {p, 17};
  if (tag == kLongTag) {
    std::uint32_t length;
    std::memcpy(&length, p + 1, sizeof length);
    return {p, 1 + sizeof length + length};
  }
  return {p, 1 + std::size_t{tag}};
}

bool EventIdSet::contains(std::string_view id) const {
  if (count_ == 0) return false;
  std::array<char, 17> uuid_buf;
  thread_local std::string long_buf;
  return contains_encoded(encode(id, uuid_buf, long_buf));
}

bool EventIdSet::contains_encoded(std::string_view encoded) const {
  if (index_.empty()) {
    for (std::size_t offset = 0; offset < size_;) {
      const std::string_view entry = entry_at(offset);
      if (entry == encoded) return true;
      offset += entry.size();
    }
    return false;
  }
  const std::size_t mask = index_.size() - 1;
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
    // Grow by half, not double: most cells stop at a few ids.
    const std::uint64_t grown = std::max<std::uint64_t>({needed, capacity_ + capacity_ / 2, 32});
    const auto capacity = static_cast<std::uint32_t>(std::min<std::uint64_t>(grown, UINT32_MAX));
    auto bytes = std::make_unique<char[]>(capacity);
    if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }
  std::memcpy(bytes_.get() + size_, encoded.data(), encoded.size());
  size_ = needed;
}

void EventIdSet::insert(std::string_view id) {
  std::array<char, 17> uuid_buf;
  thread_local std::string long_buf;
  const std::string_view encoded = encode(id, uuid_buf, long_buf);
  const std::uint32_t offset = size_;
  append(encoded);
  ++count_;
  if (!index_.empty()) {
    if (std::size_t{count_} * 2 > index_.size()) {
      rebuild_index(index_.size() * 2);
    } else {
      index_insert(offset, hash_entry(encoded));
    }
  } else if (count_ > kIndexThreshold) {
    rebuild_index(64);
  }
}

void EventIdSet::index_insert(std::uint32_t offset, std::uint64_t hash) {
  const std::size_t mask = index_.size() - 1;
  std::size_t slot = hash & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = offset + 1;
}

void EventIdSet::rebuild_index(std::size_t slots) {
  index_.assign(slots, 0);
  for (std::uint32_t offset = 0; offset < size_;) {
    const std::string_view entry = entry_at(offset);
    index_insert(offset, hash_entry(entry));
    offset += static_cast<std::uint32_t>(entry.size());
  }
}

}  // namespace cellos
