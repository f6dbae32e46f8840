// Applying an UpdateExpression to an item (developer guide, "Update expressions").
#pragma once

#include "emulator/core/status.h"
#include "emulator/dynamodb/expressions/evaluator.h"

namespace streamlab::dynamodb::expressions {

// Checks the static rules DynamoDB applies before touching an item: no two
// paths may overlap ("Two document paths overlap with each other; …").
Status check_update_paths(const ParsedUpdate& update, const Substitutions& substitutions);

// Applies every action to a copy of `item` and returns it. All operands are
// evaluated against the item as it was before the update, as DynamoDB does.
Result<Item> apply_update(const ParsedUpdate& update, const Item& item,
                          const Substitutions& substitutions);

}  // namespace streamlab::dynamodb::expressions
