// Internal: typed reads of REST request bodies, with clear errors.
#pragma once

#include <optional>
#include <string>

#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

inline Result<std::optional<std::string>> string_field(const Json& body, const char* name,
                                                       bool required = false) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return invalid_parameter(std::string(name) + " is required");
    return std::optional<std::string>();
  }
  if (!it->is_string())
    return invalid_parameter(std::string("Value for ") + name + " must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

inline Result<std::string> required_string_field(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null())
    return invalid_parameter(std::string(name) + " is required");
  if (!it->is_string())
    return invalid_parameter(std::string("Value for ") + name + " must be a string");
  return it->get<std::string>();
}

inline Result<std::optional<std::int64_t>> integer_field(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer())
    return invalid_parameter(std::string("Value for ") + name + " must be an integer");
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

inline Result<std::optional<bool>> boolean_field(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean())
    return invalid_parameter(std::string("Value for ") + name + " must be a boolean");
  return std::optional<bool>(it->get<bool>());
}

}  // namespace streamlab::lambda::actions
