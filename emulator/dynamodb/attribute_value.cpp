#include "emulator/dynamodb/attribute_value.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb {

namespace {

bool name_less(const AttributeMap::value_type& entry, std::string_view name) {
  return compare_short(entry.first.view(), name) < 0;
}

}  // namespace

AttributeMap::AttributeMap(std::initializer_list<value_type> entries) {
  entries_.reserve(entries.size());
  for (const auto& entry : entries) emplace(entry.first, entry.second);
}

AttributeMap::iterator AttributeMap::lower_bound(std::string_view name) {
  return std::lower_bound(entries_.begin(), entries_.end(), name, name_less);
}

std::size_t AttributeMap::index_of(std::string_view name) const {
  // Small maps (items, index views, key maps, most request maps) are scanned:
  // the entries are read front to back, a line after the next, and the names
  // they point to are the interned copies every item shares, in cache.
  if (entries_.size() <= kScannedSize) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (equal_short(entries_[i].first, name)) return i;
    }
    return entries_.size();
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name, name_less);
  return it != entries_.end() && it->first == name ? static_cast<std::size_t>(it - entries_.begin())
                                                   : entries_.size();
}

AttributeMap::iterator AttributeMap::find(std::string_view name) {
  return entries_.begin() + static_cast<std::ptrdiff_t>(index_of(name));
}

AttributeMap::const_iterator AttributeMap::find(std::string_view name) const {
  return entries_.begin() + static_cast<std::ptrdiff_t>(index_of(name));
}

AttributeMap::const_iterator AttributeMap::find_name(AttributeName name) const {
  if (entries_.size() <= kScannedSize) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first == name) return it;
    }
    return entries_.end();
  }
  return find(name.view());
}

AttributeValue& AttributeMap::at(std::string_view name) {
  auto it = find(name);
  if (it == end()) throw std::out_of_range("AttributeMap::at: no attribute " + std::string(name));
  return it->second;
}

const AttributeValue& AttributeMap::at(std::string_view name) const {
  auto it = find(name);
  if (it == end()) throw std::out_of_range("AttributeMap::at: no attribute " + std::string(name));
  return it->second;
}

AttributeValue& AttributeMap::operator[](std::string_view name) {
  auto it = lower_bound(name);
  if (it == entries_.end() || it->first != name)
    it = entries_.emplace(it, AttributeName(name), AttributeValue());
  return it->second;
}

std::pair<AttributeMap::iterator, bool> AttributeMap::emplace(AttributeName name,
                                                              AttributeValue value) {
  auto it = lower_bound(name);
  if (it != entries_.end() && it->first == name) return {it, false};
  return {entries_.emplace(it, name, std::move(value)), true};
}

void AttributeMap::set(AttributeName name, const AttributeValue& value) {
  if (auto it = find_name(name); it != entries_.end()) {
    entries_[static_cast<std::size_t>(it - entries_.begin())].second = value;
    return;
  }
  entries_.emplace(lower_bound(name), name, value);
}

std::pair<AttributeMap::iterator, bool> AttributeMap::insert(value_type entry) {
  return emplace(entry.first, std::move(entry.second));
}

AttributeMap::iterator AttributeMap::erase(const_iterator position) {
  return entries_.erase(position);
}

AttributeMap::size_type AttributeMap::erase(std::string_view name) {
  auto it = find(name);
  if (it == entries_.end()) return 0;
  entries_.erase(it);
  return 1;
}

bool AttributeMap::operator==(const AttributeMap& other) const {
  return entries_ == other.entries_;
}

struct AttributeValue::Composite {
  AttributeMap map;
  std::vector<AttributeValue> list;
  std::vector<std::string> byte_set;
  std::vector<Decimal> number_set;
};

// An item's entry (name and value) is then one cache line.
static_assert(sizeof(Decimal) <= 24 && sizeof(AttributeValue) <= 32,
              "attribute values are kept small: items are read cold");

bool AttributeValue::holds_composite() const {
  switch (type_) {
    case ValueType::kM:
    case ValueType::kL:
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      return true;
    default:
      return false;
  }
}

AttributeValue::AttributeValue(ValueType type) : type_(type) {
  if (holds_text()) {
    new (&text_) SharedText();
  } else if (type_ == ValueType::kN) {
    new (&number_) Decimal();
  } else {
    composite_ = nullptr;
  }
}

AttributeValue::AttributeValue() : AttributeValue(ValueType::kNull) {}

void AttributeValue::destroy_payload() noexcept {
  if (holds_text()) {
    text_.~SharedText();
  } else if (type_ == ValueType::kN) {
    number_.~Decimal();
  } else if (holds_composite()) {
    delete composite_;
  }
}

void AttributeValue::copy_payload(const AttributeValue& other) {
  type_ = other.type_;
  flag_ = other.flag_;
  if (holds_text()) {
    new (&text_) SharedText(other.text_);
  } else if (type_ == ValueType::kN) {
    new (&number_) Decimal(other.number_);
  } else {
    composite_ = nullptr;  // valid before the copy, which may throw
    if (holds_composite() && other.composite_) composite_ = new Composite(*other.composite_);
  }
}

void AttributeValue::move_payload(AttributeValue&& other) noexcept {
  type_ = other.type_;
  flag_ = other.flag_;
  if (holds_text()) {
    new (&text_) SharedText(std::move(other.text_));
  } else if (type_ == ValueType::kN) {
    new (&number_) Decimal(other.number_);
  } else {
    composite_ = holds_composite() ? std::exchange(other.composite_, nullptr) : nullptr;
  }
}

AttributeValue::AttributeValue(const AttributeValue& other) : composite_(nullptr) {
  type_ = ValueType::kNull;  // destroyable if the copy throws
  copy_payload(other);
}

AttributeValue::AttributeValue(AttributeValue&& other) noexcept : composite_(nullptr) {
  move_payload(std::move(other));
}

AttributeValue& AttributeValue::operator=(const AttributeValue& other) {
  if (this == &other) return *this;
  // A string or number over one of its kind reuses its buffer.
  if (type_ == other.type_ && holds_text()) {
    flag_ = other.flag_;
    text_ = other.text_;
    return *this;
  }
  if (type_ == other.type_ && type_ == ValueType::kN) {
    flag_ = other.flag_;
    number_ = other.number_;
    return *this;
  }
  // NULL and BOOL hold no payload (a default value, such as a key being
  // filled in, is NULL): copy straight in. copy_payload leaves this valid if
  // it throws.
  if (!holds_text() && type_ != ValueType::kN && !holds_composite()) {
    copy_payload(other);
    return *this;
  }
  AttributeValue copy(other);
  *this = std::move(copy);
  return *this;
}

AttributeValue& AttributeValue::operator=(AttributeValue&& other) noexcept {
  if (this != &other) {
    destroy_payload();
    move_payload(std::move(other));
  }
  return *this;
}

AttributeValue::~AttributeValue() { destroy_payload(); }

AttributeValue::Composite& AttributeValue::composite() {
  if (!holds_composite()) {
    // The payload is a string or number: writing a map or list into it would
    // corrupt memory. Every caller checks the type first.
    std::fprintf(stderr, "streamlab bug: a %s value used as a map, list or set\n",
                 type_name(type_));
    std::abort();
  }
  if (!composite_) composite_ = new Composite();
  return *composite_;
}

const AttributeValue::Composite& AttributeValue::composite_or_empty() const {
  static const auto* empty = new Composite();
  return holds_composite() && composite_ ? *composite_ : *empty;
}

const Decimal& AttributeValue::zero_number() {
  static const auto* zero = new Decimal();
  return *zero;
}

const AttributeMap& AttributeValue::as_map() const { return composite_or_empty().map; }
AttributeMap& AttributeValue::as_map() { return composite().map; }
const std::vector<AttributeValue>& AttributeValue::as_list() const {
  return composite_or_empty().list;
}
std::vector<AttributeValue>& AttributeValue::as_list() { return composite().list; }
const std::vector<std::string>& AttributeValue::as_byte_set() const {
  return composite_or_empty().byte_set;
}
const std::vector<Decimal>& AttributeValue::as_number_set() const {
  return composite_or_empty().number_set;
}

const char* type_name(ValueType type) {
  switch (type) {
    case ValueType::kS:
      return "S";
    case ValueType::kN:
      return "N";
    case ValueType::kB:
      return "B";
    case ValueType::kBool:
      return "BOOL";
    case ValueType::kNull:
      return "NULL";
    case ValueType::kM:
      return "M";
    case ValueType::kL:
      return "L";
    case ValueType::kSS:
      return "SS";
    case ValueType::kNS:
      return "NS";
    case ValueType::kBS:
      return "BS";
  }
  return "?";
}

AttributeValue AttributeValue::string(std::string_view value) {
  AttributeValue v(ValueType::kS);
  v.text_ = SharedText(value);
  return v;
}

AttributeValue AttributeValue::number(Decimal value) {
  AttributeValue v(ValueType::kN);
  v.number_ = value;
  return v;
}

AttributeValue AttributeValue::binary(std::string_view bytes) {
  AttributeValue v(ValueType::kB);
  v.text_ = SharedText(bytes);
  return v;
}

AttributeValue AttributeValue::boolean(bool value) {
  AttributeValue v(ValueType::kBool);
  v.flag_ = value;
  return v;
}

AttributeValue AttributeValue::null() {
  AttributeValue v(ValueType::kNull);
  v.flag_ = true;
  return v;
}

AttributeValue AttributeValue::map(AttributeMap value) {
  AttributeValue v(ValueType::kM);
  v.composite().map = std::move(value);
  return v;
}

AttributeValue AttributeValue::list(std::vector<AttributeValue> value) {
  AttributeValue v(ValueType::kL);
  v.composite().list = std::move(value);
  return v;
}

AttributeValue AttributeValue::string_set(std::vector<std::string> values) {
  AttributeValue v(ValueType::kSS);
  std::sort(values.begin(), values.end());  // std::string compares as unsigned bytes
  values.erase(std::unique(values.begin(), values.end()), values.end());
  v.composite().byte_set = std::move(values);
  return v;
}

AttributeValue AttributeValue::binary_set(std::vector<std::string> values) {
  AttributeValue v = string_set(std::move(values));
  v.type_ = ValueType::kBS;
  return v;
}

AttributeValue AttributeValue::number_set(std::vector<Decimal> values) {
  AttributeValue v(ValueType::kNS);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  v.composite().number_set = std::move(values);
  return v;
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case ValueType::kS:
    case ValueType::kB:
      return text_ == other.text_;
    case ValueType::kN:
      return number_ == other.number_;
    case ValueType::kBool:
      return flag_ == other.flag_;
    case ValueType::kNull:
      return true;
    case ValueType::kM:
      return as_map() == other.as_map();
    case ValueType::kL:
      return as_list() == other.as_list();
    case ValueType::kSS:
    case ValueType::kBS:
      return as_byte_set() == other.as_byte_set();
    case ValueType::kNS:
      return as_number_set() == other.as_number_set();
  }
  return false;
}

// Developer guide, "Item sizes": strings and binaries count their bytes;
// a number about one byte per two significant digits plus one; BOOL and NULL
// one byte; a list or map 3 bytes plus one per element plus its elements.
std::size_t AttributeValue::size_bytes() const {
  const auto number_size = [](const Decimal& d) { return (d.significant_digits() + 1) / 2 + 1; };
  switch (type_) {
    case ValueType::kS:
    case ValueType::kB:
      return text_.size();
    case ValueType::kN:
      return number_size(number_);
    case ValueType::kBool:
    case ValueType::kNull:
      return 1;
    case ValueType::kM: {
      std::size_t size = 3;
      for (const auto& [name, value] : as_map()) size += name.size() + value.size_bytes() + 1;
      return size;
    }
    case ValueType::kL: {
      std::size_t size = 3;
      for (const auto& value : as_list()) size += value.size_bytes() + 1;
      return size;
    }
    case ValueType::kSS:
    case ValueType::kBS: {
      std::size_t size = 0;
      for (const auto& element : as_byte_set()) size += element.size();
      return size;
    }
    case ValueType::kNS: {
      std::size_t size = 0;
      for (const auto& element : as_number_set()) size += number_size(element);
      return size;
    }
  }
  return 0;
}

std::size_t item_size_bytes(const Item& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + value.size_bytes();
  return size;
}

}  // namespace streamlab::dynamodb
