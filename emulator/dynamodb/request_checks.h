// Internal: checks shared by the DynamoDB operations.
#pragma once

#include <vector>

#include "emulator/core/status.h"
#include "emulator/dynamodb/expressions/evaluator.h"

namespace streamlab::dynamodb {

// DynamoDB rejects ExpressionAttributeNames/Values that no expression of the
// request uses ("Value provided in ExpressionAttributeValues unused in
// expressions: keys: {:x}"), and either of them without any expression.
Status check_substitutions(const expressions::Substitutions& substitutions,
                           const expressions::UsedReferences& used);

}  // namespace streamlab::dynamodb
