// Internal: request parsing shared by the item actions.
#pragma once

#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

// ConditionExpression (or legacy Expected + ConditionalOperator), the
// substitutions, ReturnValues and ReturnValuesOnConditionCheckFailure.
Result<WriteOptions> write_options(const Json& request);

// The response body of a write: {"Attributes": …} when there are any.
OrderedJson write_response(const WriteOutput& output);

// The fields every item action shares.
std::vector<wire::Field> write_fields();

}  // namespace streamlab::dynamodb::actions
