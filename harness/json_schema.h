// A validator for the subset of JSON Schema (2020-12) that scenarios/schema.json
// uses: type, enum, const, properties, required, additionalProperties (bool or
// schema), items, minItems, minimum, maximum, minLength, minProperties,
// maxProperties, $ref to "#/$defs/…", and description (ignored). Each error
// names the JSON path, what was expected and what was found.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace streamlab::harness {

struct SchemaError {
  std::string path;     // "$.topology.streams[1].shards"
  std::string message;  // "expected an integer ≥ 1, found \"two\""
};

// All errors, in document order (empty when `document` is valid).
std::vector<SchemaError> validate_against_schema(const nlohmann::json& schema,
                                                 const nlohmann::json& document);

// `"two"`, `3`, `an object`, … — how a found value is described in errors.
std::string describe_value(const nlohmann::json& value);

}  // namespace streamlab::harness
