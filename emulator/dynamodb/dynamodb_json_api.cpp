#include "emulator/dynamodb/dynamodb_json_api.h"

#include "emulator/dynamodb/actions/registry.h"
#include "emulator/wire/json_dispatch.h"

namespace streamlab::dynamodb {
namespace {

wire::JsonResponse error_response(AwsError error) {
  if (error.type == "ValidationException") {
    error.type = "com.amazon.coral.validate#ValidationException";
  } else if (error.type == "SerializationException" || error.type == "UnknownOperationException") {
    error.type = "com.amazon.coral.service#" + error.type;
  } else if (error.type == "InternalFailure") {
    error.type = "com.amazonaws.dynamodb.v20120810#InternalServerError";
  } else {
    error.type = "com.amazonaws.dynamodb.v20120810#" + error.type;
  }
  return wire::JsonResponse::error(error);
}

}  // namespace

wire::JsonResponse DynamoDbJsonApi::handle(std::string_view target, std::string_view body) {
  const auto* registry = &actions::dynamodb_registry();
  std::string_view name = target;
  if (constexpr std::string_view kStreams = "DynamoDBStreams_20120810.";
      name.substr(0, kStreams.size()) == kStreams) {
    registry = &actions::streams_registry();
    name.remove_prefix(kStreams.size());
  } else if (constexpr std::string_view kDynamoDb = "DynamoDB_20120810.";
             name.substr(0, kDynamoDb.size()) == kDynamoDb) {
    name.remove_prefix(kDynamoDb.size());
  }
  auto it = registry->find(name);
  if (it == registry->end()) {
    return error_response(
        errors::make("UnknownOperationException", "Unknown operation " + std::string(target)));
  }
  const actions::Action& action = it->second;
  return wire::dispatch_json(
      body, action.spec,
      [&](const nlohmann::json& request) -> Result<std::string> {
        STREAMLAB_ASSIGN_OR_RETURN(auto out, action.handle(db_, request));
        return out.dump();
      },
      error_response);
}

}  // namespace streamlab::dynamodb
