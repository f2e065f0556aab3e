#include "cellos/event_id_set.hpp"

#include <cstring>
#include <functional>

namespace cellos {

namespace {
std::uint64_t hash_id(std::string_view id) { return std::hash<std::string_view>{}(id); }
}  // namespace

std::string_view EventIdSet::id_at(std::uint64_t offset) const {
  std::uint32_t length;
  std::memcpy(&length, ids_.data() + offset, sizeof length);
  return std::string_view(ids_.data() + offset + sizeof length, length);
}

bool EventIdSet::contains(std::string_view id) const {
  if (index_.empty()) {
    std::size_t offset = 0;
    while (offset < ids_.size()) {
      const std::string_view stored = id_at(offset);
      if (stored == id) return true;
      offset += sizeof(std::uint32_t) + stored.size();
    }
    return false;
  }
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = hash_id(id) & mask;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = index_[slot];
    if (entry == 0) return false;
    if (id_at(entry - 1) == id) return true;
  }
}

void EventIdSet::insert(std::string_view id) {
  const std::uint64_t offset = ids_.size();
  const auto length = static_cast<std::uint32_t>(id.size());
  ids_.append(reinterpret_cast<const char*>(&length), sizeof length);
  ids_.append(id);
  ++count_;
  if (!index_.empty()) {
    if (count_ * 2 > index_.size()) {
      rebuild_index(index_.size() * 2);
    } else {
      index_insert(offset, hash_id(id));
    }
  } else if (count_ > kIndexThreshold) {
    rebuild_index(64);
  }
}

void EventIdSet::index_insert(std::uint64_t offset, std::uint64_t hash) {
  const std::size_t mask = index_.size() - 1;
  std::size_t slot = hash & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = offset + 1;
}

void EventIdSet::rebuild_index(std::size_t slots) {
  index_.assign(slots, 0);
  std::size_t offset = 0;
  while (offset < ids_.size()) {
    const std::string_view stored = id_at(offset);
    index_insert(offset, hash_id(stored));
    offset += sizeof(std::uint32_t) + stored.size();
  }
}

}  // namespace cellos
