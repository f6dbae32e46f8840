// Internal: KeySlots, a hash index from primary keys to entries that stay
// where they are (map nodes, heap-allocated index entries) — the lookup that
// replaces a walk down a tree of tens of thousands of cold nodes.
//
// Open addressing over one array of (hash, entry) slots, linear probing with
// backward-shift erase (no tombstones), at most half full: a lookup reads one
// slot and then the entry it wants, where a node-based hash set also reads a
// bucket and a node of its own, each a cache miss in a large table.
//
// Keys describes the entries:
//   static const PrimaryKey& key(const Entry&);
//   static std::uint64_t hash(const PrimaryKey&);            // equal keys, equal hashes
//   static bool same(const PrimaryKey&, const PrimaryKey&);  // key equality
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {

template <typename Entry, typename Keys>
class KeySlots {
 public:
  Entry* find(const PrimaryKey& key) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t hash = Keys::hash(key);
    for (std::size_t at = home(hash);; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (!slot.entry) return nullptr;
      if (slot.hash == hash && Keys::same(Keys::key(*slot.entry), key)) return slot.entry;
    }
  }
  // REQUIRES: no entry with the entry's key is in the index.
  void insert(Entry* entry) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place({Keys::hash(Keys::key(*entry)), entry});
    ++size_;
  }
  // REQUIRES: the entry is in the index.
  void erase(const Entry* entry) {
    std::size_t hole = home(Keys::hash(Keys::key(*entry)));
    while (slots_[hole].entry != entry) hole = (hole + 1) & mask_;
    // Moves back each later slot of the run that may live in the hole (its
    // home is not cyclically between the hole and it), so probes stay unbroken.
    for (std::size_t at = (hole + 1) & mask_; slots_[at].entry; at = (at + 1) & mask_) {
      const std::size_t wanted = home(slots_[at].hash);
      const bool stays =
          hole <= at ? (hole < wanted && wanted <= at) : (hole < wanted || wanted <= at);
      if (stays) continue;
      slots_[hole] = slots_[at];
      hole = at;
    }
    slots_[hole] = Slot{};
    --size_;
  }

 private:
  struct Slot {  // 16 bytes: four to a cache line
    std::uint64_t hash = 0;
    Entry* entry = nullptr;  // null: empty
  };

  std::size_t home(std::uint64_t hash) const {
    return static_cast<std::size_t>(hash ^ (hash >> 32)) & mask_;
  }
  void place(const Slot& slot) {
    std::size_t at = home(slot.hash);
    while (slots_[at].entry) at = (at + 1) & mask_;
    slots_[at] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry) place(slot);
    }
  }

  std::vector<Slot> slots_;  // a power of two in size
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace streamlab::dynamodb
