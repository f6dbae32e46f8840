// The DynamoDB (DynamoDB_20120810) and DynamoDB Streams (DynamoDBStreams_20120810)
// JSON protocols over the typed core.
//
// handle() takes the X-Amz-Target value and the body and returns AWS's response
// or error body. Checks run in AWS's order: unknown action, JSON types
// (SerializationException), constraints (ValidationException), the action.
// Error types are qualified as DynamoDB's are
// ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException").
#pragma once

#include <string_view>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/wire/json_response.h"

namespace streamlab::dynamodb {

class DynamoDbJsonApi {
 public:
  explicit DynamoDbJsonApi(DynamoDbService& db) : db_(db) {}

  wire::JsonResponse handle(std::string_view target, std::string_view body);

 private:
  DynamoDbService& db_;
};

}  // namespace streamlab::dynamodb
