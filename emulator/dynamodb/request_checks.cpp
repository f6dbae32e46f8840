#include "emulator/dynamodb/request_checks.h"

namespace streamlab::dynamodb {

Status check_substitutions(const expressions::Substitutions& substitutions,
                           const std::vector<const expressions::References*>& used) {
  if (used.empty()) {
    if (!substitutions.names.empty()) {
      return errors::validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (!substitutions.values.empty()) {
      return errors::validation(
          "ExpressionAttributeValues can only be specified when using expressions");
    }
    return Status::ok();
  }
  std::string unused_names, unused_values;
  for (const auto& [name, value] : substitutions.names) {
    bool found = false;
    for (const auto* references : used) found = found || references->names.count(name) != 0;
    if (!found) unused_names.append(unused_names.empty() ? "" : ", ").append(name);
  }
  if (!unused_names.empty()) {
    return errors::validation(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + unused_names +
        "}");
  }
  for (const auto& [name, value] : substitutions.values) {
    bool found = false;
    for (const auto* references : used) found = found || references->values.count(name) != 0;
    if (!found) unused_values.append(unused_values.empty() ? "" : ", ").append(name);
  }
  if (!unused_values.empty()) {
    return errors::validation(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
        unused_values + "}");
  }
  return Status::ok();
}

}  // namespace streamlab::dynamodb
