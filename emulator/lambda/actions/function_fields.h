// Internal: the configuration fields CreateFunction and
// UpdateFunctionConfiguration share.
#pragma once

#include "emulator/lambda/actions/fields.h"

namespace streamlab::lambda::actions {

inline Status apply_function_fields(const Json& body, FunctionConfig& config) {
  STREAMLAB_ASSIGN_OR_RETURN(auto handler, string_field(body, "Handler"));
  if (handler) config.handler = *handler;
  STREAMLAB_ASSIGN_OR_RETURN(auto role, string_field(body, "Role"));
  if (role) config.role = *role;
  STREAMLAB_ASSIGN_OR_RETURN(auto timeout, integer_field(body, "Timeout"));
  if (timeout) config.timeout = std::chrono::seconds(*timeout);
  STREAMLAB_ASSIGN_OR_RETURN(auto memory, integer_field(body, "MemorySize"));
  if (memory) config.memory_mb = static_cast<int>(*memory);
  if (auto environment = body.find("Environment");
      environment != body.end() && !environment->is_null()) {
    const auto variables = environment->find("Variables");
    if (!environment->is_object() || (variables != environment->end() && !variables->is_object())) {
      return invalid_parameter("Environment must be {\"Variables\": {name: value}}");
    }
    config.environment.clear();
    if (variables != environment->end()) {
      for (const auto& [key, value] : variables->items()) {
        if (!value.is_string())
          return invalid_parameter("Environment variable " + key + " must be a string");
        config.environment[key] = value.get<std::string>();
      }
    }
  }
  for (const char* unsupported :
       {"Layers", "VpcConfig", "FileSystemConfigs", "ImageConfig", "KMSKeyArn"}) {
    if (body.contains(unsupported) && !body[unsupported].is_null()) {
      return invalid_parameter(std::string("streamlab does not emulate ") + unsupported);
    }
  }
  return Status::ok();
}

}  // namespace streamlab::lambda::actions
