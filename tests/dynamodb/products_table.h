// For DynamoDB tests that look behind the service: a Products table indexed
// by creator, and options that let the test reach the table's item store.
#pragma once

#include <string>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {

// Products (hash productId) with the GSI ProductsByCreator (hash creator),
// INCLUDE projection of `included`.
inline TableDefinition products_by_creator(const std::string& included) {
  TableDefinition definition;
  definition.name = "Products";
  definition.key = {{"productId", ValueType::kS}, std::nullopt};
  definition.attribute_definitions = {{"productId", ValueType::kS}, {"creator", ValueType::kS}};
  definition.global_indexes.push_back({"ProductsByCreator",
                                       {{"creator", ValueType::kS}, std::nullopt},
                                       ProjectionType::kInclude,
                                       {included}});
  return definition;
}

// Options whose in-memory item stores are also handed to `store` (the last
// table created wins), so a test can read what the service stored.
inline DynamoDbOptions options_exposing_store(ItemStore*& store) {
  DynamoDbOptions options;
  options.item_store = [&store](const std::string&) {
    auto made = make_memory_item_store();
    store = made.get();
    return made;
  };
  return options;
}

}  // namespace streamlab::dynamodb
