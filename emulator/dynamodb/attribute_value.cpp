#include "emulator/dynamodb/attribute_value.h"

#include <algorithm>

namespace streamlab::dynamodb {

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

AttributeValue AttributeValue::string(std::string value) {
  AttributeValue v;
  v.type_ = ValueType::kS;
  v.text_ = std::move(value);
  return v;
}

AttributeValue AttributeValue::number(Decimal value) {
  AttributeValue v;
  v.type_ = ValueType::kN;
  v.number_ = std::move(value);
  return v;
}

AttributeValue AttributeValue::binary(std::string bytes) {
  AttributeValue v;
  v.type_ = ValueType::kB;
  v.text_ = std::move(bytes);
  return v;
}

AttributeValue AttributeValue::boolean(bool value) {
  AttributeValue v;
  v.type_ = ValueType::kBool;
  v.flag_ = value;
  return v;
}

AttributeValue AttributeValue::null() {
  AttributeValue v;
  v.type_ = ValueType::kNull;
  v.flag_ = true;
  return v;
}

AttributeValue AttributeValue::map(AttributeMap value) {
  AttributeValue v;
  v.type_ = ValueType::kM;
  v.map_ = std::move(value);
  return v;
}

AttributeValue AttributeValue::list(std::vector<AttributeValue> value) {
  AttributeValue v;
  v.type_ = ValueType::kL;
  v.list_ = std::move(value);
  return v;
}

AttributeValue AttributeValue::string_set(std::vector<std::string> values) {
  AttributeValue v;
  v.type_ = ValueType::kSS;
  std::sort(values.begin(), values.end());  // std::string compares as unsigned bytes
  values.erase(std::unique(values.begin(), values.end()), values.end());
  v.byte_set_ = std::move(values);
  return v;
}

AttributeValue AttributeValue::binary_set(std::vector<std::string> values) {
  AttributeValue v = string_set(std::move(values));
  v.type_ = ValueType::kBS;
  return v;
}

AttributeValue AttributeValue::number_set(std::vector<Decimal> values) {
  AttributeValue v;
  v.type_ = ValueType::kNS;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  v.number_set_ = std::move(values);
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
      return map_ == other.map_;
    case ValueType::kL:
      return list_ == other.list_;
    case ValueType::kSS:
    case ValueType::kBS:
      return byte_set_ == other.byte_set_;
    case ValueType::kNS:
      return number_set_ == other.number_set_;
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
      for (const auto& [name, value] : map_) size += name.size() + value.size_bytes() + 1;
      return size;
    }
    case ValueType::kL: {
      std::size_t size = 3;
      for (const auto& value : list_) size += value.size_bytes() + 1;
      return size;
    }
    case ValueType::kSS:
    case ValueType::kBS: {
      std::size_t size = 0;
      for (const auto& element : byte_set_) size += element.size();
      return size;
    }
    case ValueType::kNS: {
      std::size_t size = 0;
      for (const auto& element : number_set_) size += number_size(element);
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
