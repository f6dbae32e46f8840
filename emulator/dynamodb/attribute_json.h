// DynamoDB's JSON form of attribute values ({"S": "x"}, {"N": "1"}, …).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "emulator/core/status.h"
#include "emulator/dynamodb/attribute_value.h"

namespace streamlab::dynamodb {

// Parses one attribute value. Errors use DynamoDB's wording, e.g.
// "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes".
Result<AttributeValue> attribute_from_json(const nlohmann::json& json);
Result<Item> item_from_json(const nlohmann::json& json);

nlohmann::ordered_json attribute_to_json(const AttributeValue& value);
nlohmann::ordered_json item_to_json(const Item& item);

}  // namespace streamlab::dynamodb
