// Internal: DynamoDB and DynamoDB Streams actions by name.
#pragma once

#include <map>
#include <string>

#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

const std::map<std::string, Action, std::less<>>& dynamodb_registry();
const std::map<std::string, Action, std::less<>>& streams_registry();

}  // namespace streamlab::dynamodb::actions
