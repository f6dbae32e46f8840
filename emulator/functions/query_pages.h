// A Query from inside a function, page by page through the invocation
// context (each page is one scheduled "dynamodb.Query" call, as on AWS).
#pragma once

#include <vector>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/lambda/lambda_service.h"

namespace streamlab::functions {

enum class Pages {
  kAll,        // follow LastEvaluatedKey to the end
  kFirstOnly,  // the fanout's quirk: it follows ExclusiveStartKey, which is never returned
};

// The rows of every page read. Awaited calls take the query by value (GCC 12:
// see task.h), so callers may pass a temporary.
Task<Result<std::vector<dynamodb::Item>>> query_rows(lambda::InvocationContext& context,
                                                     dynamodb::QueryInput query, Pages pages);

}  // namespace streamlab::functions
