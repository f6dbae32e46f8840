// The functions' small configuration and bookkeeping tables all have string
// keys and on-demand billing; this makes one (and its stream, when asked).
#pragma once

#include <optional>
#include <string>

#include "emulator/dynamodb/dynamodb_service.h"

namespace streamlab::functions {

inline Status create_string_keyed_table(
    dynamodb::DynamoDbService& db, std::string name, const std::string& hash,
    const std::optional<std::string>& range = std::nullopt,
    std::optional<dynamodb::StreamViewType> stream = std::nullopt) {
  dynamodb::TableDefinition table;
  table.name = std::move(name);
  table.key.hash = {hash, dynamodb::ValueType::kS};
  table.attribute_definitions = {{hash, dynamodb::ValueType::kS}};
  if (range) {
    table.key.range = dynamodb::KeyAttribute{*range, dynamodb::ValueType::kS};
    table.attribute_definitions.push_back({*range, dynamodb::ValueType::kS});
  }
  table.billing_mode = dynamodb::BillingMode::kPayPerRequest;
  table.stream = stream;
  return db.create_table(std::move(table)).status();
}

}  // namespace streamlab::functions
