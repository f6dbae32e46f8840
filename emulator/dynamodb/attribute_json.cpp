#include "emulator/dynamodb/attribute_json.h"

#include <nlohmann/json.hpp>

#include "emulator/core/base64.h"

namespace streamlab::dynamodb {
namespace {

AwsError invalid(const std::string& detail) {
  return errors::validation("One or more parameter values were invalid: " + detail);
}

const char* set_noun(ValueType type) {
  switch (type) {
    case ValueType::kSS:
      return "string set";
    case ValueType::kNS:
      return "number set";
    default:
      return "binary set";
  }
}

Result<std::vector<std::string>> string_elements(const nlohmann::json& array, ValueType type) {
  if (!array.is_array())
    return errors::serialization("Unexpected value type for a set; expected a list");
  // AWS's message has the double space: "An string set  may not be empty".
  if (array.empty()) return invalid(std::string("An ") + set_noun(type) + "  may not be empty");
  std::vector<std::string> out;
  for (const auto& element : array) {
    if (!element.is_string())
      return errors::serialization("Unexpected value type in a set element");
    if (type == ValueType::kBS) {
      auto bytes = base64_decode(element.get_ref<const std::string&>());
      if (!bytes)
        return errors::serialization("Base64 encoded value of a binary set element is malformed");
      out.push_back(std::move(*bytes));
    } else {
      out.push_back(element.get<std::string>());
    }
  }
  auto sorted = out;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    std::string shown;
    for (const auto& element : array) {
      if (!shown.empty()) shown += ", ";
      shown += element.get<std::string>();
    }
    return invalid("Input collection [" + shown + "] contains duplicates.");
  }
  return out;
}

}  // namespace

Result<AttributeValue> attribute_from_json(const nlohmann::json& json) {
  if (!json.is_object())
    return errors::serialization("Unexpected value type for an AttributeValue");
  if (json.size() != 1) {
    return errors::validation(json.empty()
                                  ? "Supplied AttributeValue is empty, must contain exactly one of "
                                    "the supported datatypes"
                                  : "Supplied AttributeValue has more than one datatypes set, must "
                                    "contain exactly one of the supported datatypes");
  }
  const auto entry = json.begin();
  const std::string& type = entry.key();
  const nlohmann::json& value = entry.value();
  if (type == "S") {
    if (!value.is_string())
      return errors::serialization("NUMBER_VALUE can not be converted to a String");
    return AttributeValue::string(value.get<std::string>());
  }
  if (type == "N") {
    if (!value.is_string())
      return errors::serialization("NUMBER_VALUE can not be converted to a String");
    STREAMLAB_ASSIGN_OR_RETURN(Decimal number, Decimal::parse(value.get_ref<const std::string&>()));
    return AttributeValue::number(number);
  }
  if (type == "B") {
    if (!value.is_string())
      return errors::serialization("Unexpected value type for B; expected base64 text");
    auto bytes = base64_decode(value.get_ref<const std::string&>());
    if (!bytes) return errors::serialization("Base64 encoded value of B is malformed");
    return AttributeValue::binary(std::move(*bytes));
  }
  if (type == "BOOL") {
    if (!value.is_boolean())
      return errors::serialization("Unexpected value type for BOOL; expected true or false");
    return AttributeValue::boolean(value.get<bool>());
  }
  if (type == "NULL") {
    if (!value.is_boolean())
      return errors::serialization("Unexpected value type for NULL; expected true");
    if (!value.get<bool>())
      return invalid("Null attribute value types must have the value of true");
    return AttributeValue::null();
  }
  if (type == "M") {
    if (!value.is_object())
      return errors::serialization("Unexpected value type for M; expected a map");
    STREAMLAB_ASSIGN_OR_RETURN(Item map, item_from_json(value));
    return AttributeValue::map(std::move(map));
  }
  if (type == "L") {
    if (!value.is_array())
      return errors::serialization("Unexpected value type for L; expected a list");
    std::vector<AttributeValue> list;
    for (const auto& element : value) {
      STREAMLAB_ASSIGN_OR_RETURN(AttributeValue parsed, attribute_from_json(element));
      list.push_back(std::move(parsed));
    }
    return AttributeValue::list(std::move(list));
  }
  if (type == "SS" || type == "BS") {
    const ValueType set_type = type == "SS" ? ValueType::kSS : ValueType::kBS;
    STREAMLAB_ASSIGN_OR_RETURN(auto elements, string_elements(value, set_type));
    return set_type == ValueType::kSS ? AttributeValue::string_set(std::move(elements))
                                      : AttributeValue::binary_set(std::move(elements));
  }
  if (type == "NS") {
    STREAMLAB_ASSIGN_OR_RETURN(auto elements, string_elements(value, ValueType::kNS));
    std::vector<Decimal> numbers;
    for (const auto& text : elements) {
      STREAMLAB_ASSIGN_OR_RETURN(Decimal number, Decimal::parse(text));
      numbers.push_back(number);
    }
    auto sorted = numbers;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      return invalid("Input collection contains duplicates.");
    }
    return AttributeValue::number_set(std::move(numbers));
  }
  return errors::validation(
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

Result<Item> item_from_json(const nlohmann::json& json) {
  if (!json.is_object())
    return errors::serialization("Unexpected value type for an item; expected a map");
  Item item;
  for (const auto& [name, value] : json.items()) {
    STREAMLAB_ASSIGN_OR_RETURN(AttributeValue parsed, attribute_from_json(value));
    item.emplace(name, std::move(parsed));
  }
  return item;
}

nlohmann::ordered_json attribute_to_json(const AttributeValue& value) {
  nlohmann::ordered_json out;
  switch (value.type()) {
    case ValueType::kS:
      out["S"] = value.as_string();
      break;
    case ValueType::kN:
      out["N"] = value.as_number().to_string();
      break;
    case ValueType::kB:
      out["B"] = base64_encode(value.as_string());
      break;
    case ValueType::kBool:
      out["BOOL"] = value.as_bool();
      break;
    case ValueType::kNull:
      out["NULL"] = true;
      break;
    case ValueType::kM:
      out["M"] = item_to_json(value.as_map());
      break;
    case ValueType::kL: {
      auto list = nlohmann::ordered_json::array();
      for (const auto& element : value.as_list()) list.push_back(attribute_to_json(element));
      out["L"] = std::move(list);
      break;
    }
    case ValueType::kSS:
      out["SS"] = value.as_byte_set();
      break;
    case ValueType::kBS: {
      auto list = nlohmann::ordered_json::array();
      for (const auto& element : value.as_byte_set()) list.push_back(base64_encode(element));
      out["BS"] = std::move(list);
      break;
    }
    case ValueType::kNS: {
      auto list = nlohmann::ordered_json::array();
      for (const auto& element : value.as_number_set()) list.push_back(element.to_string());
      out["NS"] = std::move(list);
      break;
    }
  }
  return out;
}

nlohmann::ordered_json item_to_json(const Item& item) {
  auto out = nlohmann::ordered_json::object();
  for (const auto& [name, value] : item) out[name] = attribute_to_json(value);
  return out;
}

}  // namespace streamlab::dynamodb
