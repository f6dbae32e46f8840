// Internal to the DynamoDB JSON layer: what an action is, and shared helpers.
// Each action lives in its own file with its request spec; registry.cpp lists them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/wire/request_spec.h"

namespace streamlab::dynamodb::actions {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

struct Action {
  std::string name;  // "PutItem"
  wire::RequestSpec spec;
  Result<OrderedJson> (*handle)(DynamoDbService& db, const Json& request);
};

// DynamoDB (DynamoDB_20120810.*)
Action create_table();
Action describe_table();
Action list_tables();
Action update_table();
Action delete_table();
Action put_item();
Action get_item();
Action update_item();
Action delete_item();
Action query();
Action scan();
Action batch_get_item();
Action batch_write_item();
Action transact_write_items();
Action transact_get_items();
// DynamoDB Streams (DynamoDBStreams_20120810.*)
Action list_streams();
Action describe_stream();
Action get_shard_iterator();
Action get_records();

// --- Shared request fields ---
wire::Field table_name_field(bool required = true);
wire::Field attribute_map_field(std::string name, bool required);  // Item, Key, ExclusiveStartKey…
wire::Field expression_field(std::string name);
wire::Field expression_names_field();
wire::Field expression_values_field();
wire::Field return_values_field();
wire::Field return_on_condition_failure_field();
wire::Field return_consumed_capacity_field();
wire::Field legacy_expected_field();
wire::Field legacy_conditions_field(std::string name);  // KeyConditions, QueryFilter, ScanFilter
wire::Field attributes_to_get_field();
wire::Field conditional_operator_field();
wire::Field select_field();

// --- Shared request parsing ---
Result<Item> attribute_map(const Json& request, const char* name);
std::optional<std::string> optional_string(const Json& request, const char* name);
// ExpressionAttributeNames / ExpressionAttributeValues.
Result<Substitutions> substitutions(const Json& request);
Result<ReturnValues> return_values(const Json& request);
Result<std::optional<Select>> select(const Json& request);

// Legacy parameters, translated into expressions over fresh #legacyN / :legacyN
// references added to `substitutions`. A request may not mix them with
// expression parameters (DynamoDB's "Can not use both expression and
// non-expression parameters in the same request").
Status check_not_mixed(const Json& request, std::initializer_list<const char*> legacy,
                       std::initializer_list<const char*> expressions);
Result<std::string> expected_to_condition(const Json& request, Substitutions& substitutions);
Result<std::string> conditions_to_expression(const Json& conditions, const Json& request,
                                             Substitutions& substitutions, const char* parameter);
std::string attributes_to_projection(const Json& attributes, Substitutions& substitutions);

OrderedJson table_description_json(const TableDescription& description);

}  // namespace streamlab::dynamodb::actions
