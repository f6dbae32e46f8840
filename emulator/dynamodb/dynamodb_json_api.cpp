#include "emulator/dynamodb/dynamodb_json_api.h"

#include "emulator/dynamodb/actions/registry.h"

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
  nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    request = nlohmann::json::object();
  if (request.is_discarded())
    return error_response(errors::serialization("Request body is not valid JSON"));
  if (!request.is_object())
    return error_response(errors::serialization("Start of list found where not expected"));
  if (Status valid = wire::check_request(request, it->second.spec); !valid.is_ok())
    return error_response(valid.error());
  try {
    auto result = it->second.handle(db_, request);
    if (!result.is_ok()) return error_response(result.error());
    return {200, result->dump()};
  } catch (const nlohmann::json::exception& error) {
    // A spec that let a wrongly shaped field through: our bug, reported, never a crash.
    return error_response(errors::internal_failure(std::string("streamlab: ") + error.what()));
  }
}

}  // namespace streamlab::dynamodb
