// DynamoDB attribute values: S, N, B, BOOL, NULL, M, L, SS, NS, BS.
//
// Numbers are exact Decimals. Sets keep their elements sorted and unique
// (strings and binaries by bytes, numbers by value), so equality is set
// equality and output order is deterministic. Items are maps from attribute
// name to value, ordered by name.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/shared_text.h"
#include "emulator/dynamodb/attribute_name.h"
#include "emulator/dynamodb/decimal.h"

namespace streamlab::dynamodb {

enum class ValueType { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"
const char* type_name(ValueType type);

class AttributeValue;

// Items and M values: attributes sorted by name, held in one vector. Items are
// small, copied on every write and mostly read cold, so one allocation with
// the entries side by side beats a tree of nodes. Names are AttributeNames
// (interned: an entry holds a pointer, not the bytes). The interface is
// std::map's (lookups by any string-like name), but, unlike a node-based map,
// inserting or erasing invalidates iterators and references into the map.
class AttributeMap {
 public:
  using key_type = AttributeName;
  using mapped_type = AttributeValue;
  using value_type = std::pair<AttributeName, AttributeValue>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;
  using size_type = std::size_t;

  AttributeMap() = default;
  AttributeMap(std::initializer_list<value_type> entries);  // the first of equal names wins

  // (Defined below AttributeValue, which they need complete.)
  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  size_type size() const;
  bool empty() const;
  void clear();
  void reserve(size_type count);
  void shrink_to_fit();        // frees the room beyond size()
  size_type capacity() const;  // entries it holds before it must allocate

  iterator find(std::string_view name);
  const_iterator find(std::string_view name) const;
  // The same by an interned name: pointer comparisons only, no bytes read
  // (a caller looking up one name in many items interns it once).
  const_iterator find_name(AttributeName name) const;
  size_type count(std::string_view name) const { return contains(name) ? 1 : 0; }
  bool contains(std::string_view name) const;
  // Throws std::out_of_range when absent, as std::map::at does.
  AttributeValue& at(std::string_view name);
  const AttributeValue& at(std::string_view name) const;
  AttributeValue& operator[](std::string_view name);  // inserts NULL when absent

  // Inserts when `name` is absent; never replaces.
  std::pair<iterator, bool> emplace(AttributeName name, AttributeValue value);
  // Inserts or replaces, under a name already interned (one read from
  // another item): operator[] would look its text up in the intern table.
  void set(AttributeName name, const AttributeValue& value);
  std::pair<iterator, bool> insert(value_type entry);
  size_type erase(std::string_view name);
  iterator erase(const_iterator position);

  bool operator==(const AttributeMap& other) const;

  // Asks the CPU to fetch the entries into cache: for a reader about to look
  // into many cold items (a Query's rows), whose misses then overlap.
  void prefetch() const;

 private:
  static constexpr std::size_t kScannedSize = 16;  // find() scans maps up to this size

  iterator lower_bound(std::string_view name);
  std::size_t index_of(std::string_view name) const;  // size() when absent

  std::vector<value_type> entries_;
};
using Item = AttributeMap;

class AttributeValue {
 public:
  AttributeValue();  // NULL
  AttributeValue(const AttributeValue& other);
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue(AttributeValue&&) noexcept;
  AttributeValue& operator=(AttributeValue&&) noexcept;
  ~AttributeValue();

  static AttributeValue string(std::string_view value);
  static AttributeValue number(Decimal value);
  static AttributeValue binary(std::string_view bytes);
  static AttributeValue boolean(bool value);
  static AttributeValue null();
  static AttributeValue map(AttributeMap value);
  static AttributeValue list(std::vector<AttributeValue> value);
  // Sets: REQUIRES non-empty; duplicates are merged.
  static AttributeValue string_set(std::vector<std::string> values);
  static AttributeValue number_set(std::vector<Decimal> values);
  static AttributeValue binary_set(std::vector<std::string> values);

  ValueType type() const { return type_; }
  bool is(ValueType type) const { return type_ == type; }
  bool is_set() const {
    return type_ == ValueType::kSS || type_ == ValueType::kNS || type_ == ValueType::kBS;
  }

  // REQUIRES: the matching type (other types read as "", 0 and false).
  std::string_view as_string() const { return holds_text() ? text_.view() : std::string_view(); }
  // S, B: true when both are copies of one long text (so equal, unread).
  bool shares_text_with(const AttributeValue& other) const {
    return holds_text() && other.holds_text() && text_.shares_buffer_with(other.text_);
  }
  const Decimal& as_number() const { return type_ == ValueType::kN ? number_ : zero_number(); }
  bool as_bool() const { return flag_; }  // BOOL
  const AttributeMap& as_map() const;     // M
  AttributeMap& as_map();
  const std::vector<AttributeValue>& as_list() const;  // L
  std::vector<AttributeValue>& as_list();
  const std::vector<std::string>& as_byte_set() const;  // SS, BS (sorted)
  const std::vector<Decimal>& as_number_set() const;    // NS (sorted)

  // Structural equality (set equality for sets).
  bool operator==(const AttributeValue& other) const;

  // Size in bytes as DynamoDB counts it for this value (without its name).
  std::size_t size_bytes() const;

 private:
  // One payload, chosen by type_: text_ for S and B (shared by copies: a
  // value travels from request to item to index views and keys), number_ for
  // N, composite_ (maps, lists and sets, out of line and null while empty)
  // for the rest. A value is 32 bytes (with its interned name 40), so an
  // item's attributes stay few cache lines: items are mostly read cold.
  struct Composite;
  bool holds_text() const { return type_ == ValueType::kS || type_ == ValueType::kB; }
  bool holds_composite() const;
  Composite& composite();  // REQUIRES: holds_composite()
  const Composite& composite_or_empty() const;
  static const Decimal& zero_number();
  explicit AttributeValue(ValueType type);  // an empty payload of that type
  void destroy_payload() noexcept;
  void copy_payload(const AttributeValue& other);      // REQUIRES: no payload yet
  void move_payload(AttributeValue&& other) noexcept;  // REQUIRES: no payload yet

  ValueType type_;
  bool flag_ = false;
  union {
    SharedText text_;
    Decimal number_;
    Composite* composite_;  // owned
  };
};

inline AttributeMap::iterator AttributeMap::begin() { return entries_.begin(); }
inline AttributeMap::iterator AttributeMap::end() { return entries_.end(); }
inline AttributeMap::const_iterator AttributeMap::begin() const { return entries_.begin(); }
inline AttributeMap::const_iterator AttributeMap::end() const { return entries_.end(); }
inline AttributeMap::size_type AttributeMap::size() const { return entries_.size(); }
inline bool AttributeMap::empty() const { return entries_.empty(); }
inline void AttributeMap::clear() { entries_.clear(); }
inline void AttributeMap::reserve(size_type count) { entries_.reserve(count); }
inline AttributeMap::size_type AttributeMap::capacity() const { return entries_.capacity(); }
inline void AttributeMap::shrink_to_fit() {
  if (entries_.capacity() > entries_.size()) entries_.shrink_to_fit();
}
inline bool AttributeMap::contains(std::string_view name) const { return find(name) != end(); }
inline void AttributeMap::prefetch() const {
  const auto* bytes = reinterpret_cast<const char*>(entries_.data());
  const std::size_t size = entries_.size() * sizeof(value_type);
  for (std::size_t offset = 0; offset < size; offset += 64) __builtin_prefetch(bytes + offset);
}

// DynamoDB's item size: the sum over attributes of name bytes + value size.
std::size_t item_size_bytes(const Item& item);
inline constexpr std::size_t kMaxItemBytes = std::size_t{400} * 1024;

}  // namespace streamlab::dynamodb
