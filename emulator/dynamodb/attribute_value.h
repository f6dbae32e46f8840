// DynamoDB attribute values: S, N, B, BOOL, NULL, M, L, SS, NS, BS.
//
// Numbers are exact Decimals. Sets keep their elements sorted and unique
// (strings and binaries by bytes, numbers by value), so equality is set
// equality and output order is deterministic. Items are maps from attribute
// name to value, ordered by name.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/dynamodb/decimal.h"

namespace streamlab::dynamodb {

enum class ValueType { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"
const char* type_name(ValueType type);

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using Item = AttributeMap;

class AttributeValue {
 public:
  AttributeValue();  // NULL
  AttributeValue(const AttributeValue& other);
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue(AttributeValue&&) noexcept;
  AttributeValue& operator=(AttributeValue&&) noexcept;
  ~AttributeValue();

  static AttributeValue string(std::string value);
  static AttributeValue number(Decimal value);
  static AttributeValue binary(std::string bytes);
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

  // REQUIRES: the matching type.
  const std::string& as_string() const { return text_; }  // S, or B's bytes
  const Decimal& as_number() const { return number_; }    // N
  bool as_bool() const { return flag_; }                  // BOOL
  const AttributeMap& as_map() const;                     // M
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
  // Maps, lists and sets live out of line, so scalar values (keys, counters,
  // strings: the hot path) stay small and cheap to create and copy.
  struct Composite;
  Composite& composite();
  static const Composite& empty_composite();

  ValueType type_;
  bool flag_ = false;
  std::string text_;
  Decimal number_;
  std::unique_ptr<Composite> composite_;
};

// DynamoDB's item size: the sum over attributes of name bytes + value size.
std::size_t item_size_bytes(const Item& item);
inline constexpr std::size_t kMaxItemBytes = std::size_t{400} * 1024;

}  // namespace streamlab::dynamodb
