// The idempotent writer over DynamoDB Streams (../shared/functions.md): a
// producer writes an item with a `version` attribute by a conditional put
// (`attribute_not_exists(<key>) OR version < :v`), so a retried write of the
// same version changes nothing and adds no stream record. The table's stream
// (NEW_AND_OLD_IMAGES) triggers "idempotent-consumer", which applies one
// effect per new version and is itself idempotent under batch retries.
#pragma once

#include "emulator/dynamodb/dynamodb_service.h"

namespace streamlab::functions {

enum class VersionedWriteOutcome {
  kWritten,         // this version is now the item
  kAlreadyApplied,  // the same or a newer version was there: nothing changed
};

// REQUIRES: `item` holds the table's hash key `key_attribute` and a numeric `version`.
Result<VersionedWriteOutcome> put_versioned(dynamodb::DynamoDbService& db, const std::string& table,
                                            const std::string& key_attribute, dynamodb::Item item);

// A table (hash key `key_attribute`, S) with a NEW_AND_OLD_IMAGES stream.
Status create_versioned_table(dynamodb::DynamoDbService& db, const std::string& table,
                              const std::string& key_attribute = "pk");

// The consumer's effects table: hash `key_attribute` (S); per key `applied`
// (the number of effects) and `lastVersion`.
Status create_effects_table(dynamodb::DynamoDbService& db, const std::string& table,
                            const std::string& key_attribute = "pk");

}  // namespace streamlab::functions
