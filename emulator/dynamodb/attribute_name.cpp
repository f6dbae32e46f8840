#include "emulator/dynamodb/attribute_name.h"

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_set>

namespace streamlab::dynamodb {
namespace {

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>()(name);
  }
};
struct NameEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

// Every name ever interned, by any thread. Elements of an unordered_set keep
// their addresses, so the pointers handed out stay valid.
class NameTable {
 public:
  const std::string* intern(std::string_view name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    auto it = names_.find(name);
    if (it == names_.end()) it = names_.emplace(name).first;
    return &*it;
  }

 private:
  std::mutex mutex_;
  std::unordered_set<std::string, NameHash, NameEqual> names_;
};

NameTable& table() {
  static NameTable* names = new NameTable;  // never destroyed: names outlive every item
  return *names;
}

// Each thread remembers the names it interned last, by a cheap hash, so the
// common case (a handful of names, again and again) takes no lock.
struct RecentNames {
  static constexpr std::size_t kSlots = 256;
  std::array<const std::string*, kSlots> slots{};
};

std::size_t slot_of(std::string_view name) {
  std::uint64_t h = name.size() * 0x9E3779B97F4A7C15ull;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return static_cast<std::size_t>(h >> 32) % RecentNames::kSlots;
}

const std::string* intern(std::string_view name) {
  thread_local RecentNames recent;
  const std::string*& slot = recent.slots[slot_of(name)];
  if (slot && equal_short(*slot, name)) return slot;
  slot = table().intern(name);
  return slot;
}

}  // namespace

AttributeName::AttributeName() : text_(intern({})) {}
AttributeName::AttributeName(std::string_view name) : text_(intern(name)) {}

}  // namespace streamlab::dynamodb
