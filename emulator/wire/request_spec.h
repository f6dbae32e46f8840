// Request validation written as data, as kinesalite and dynalite do it.
//
// Each action lists its fields: wire name, type, required, length or value
// bounds, pattern, enum values, members. check_request() applies them in
// AWS's fixed order: first every type mismatch (SerializationException), then
// every constraint ("N validation errors detected: Value '…' at 'field'
// failed to satisfy constraint: …", ValidationException). Only then does the
// action run. JSON null counts as absent, unknown fields are ignored.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/status.h"

namespace streamlab::wire {

enum class FieldType { kString, kInteger, kBoolean, kBlob, kTimestamp, kList, kMap, kStructure };

struct Pattern {
  std::string text;  // shown in the error message
  bool (*matches)(std::string_view value) = nullptr;
};

struct Field {
  std::string name;  // wire name, e.g. "StreamName"
  FieldType type = FieldType::kString;
  bool required = false;
  std::optional<std::int64_t>
      min;  // length (strings, blobs after base64 decoding, lists, maps) or value
  std::optional<std::int64_t> max;
  std::optional<Pattern> pattern;  // strings
  std::vector<std::string> enum_values;
  // kStructure: its members; kList / kMap: members[0] describes each element / value.
  std::vector<Field> members;
};

using RequestSpec = std::vector<Field>;

// REQUIRES: `body` is a JSON object.
Status check_request(const nlohmann::json& body, const RequestSpec& spec);

// Patterns used by several services.
bool is_name_pattern(std::string_view value);     // [a-zA-Z0-9_.-]+
bool is_decimal_pattern(std::string_view value);  // 0|([1-9]\d*)

}  // namespace streamlab::wire
