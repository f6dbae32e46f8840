// Internal: fields and parsing shared by CreateTable and UpdateTable.
#pragma once

#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

wire::Field attribute_definitions_field(bool required);
wire::Field key_schema_field(std::string name, bool required);
wire::Field indexes_field(std::string name, bool with_throughput);
wire::Field provisioned_throughput_field();
wire::Field stream_specification_field();

Result<std::vector<KeyAttribute>> parse_attribute_definitions(const Json& request);
Result<KeySchema> parse_key_schema(const Json& key_schema);
Result<IndexDefinition> parse_index(const Json& index);
Result<std::vector<IndexDefinition>> parse_indexes(const Json& request, const char* name);
Status parse_billing(const Json& request, TableDefinition& definition);
// nullopt: no StreamSpecification, or one with StreamEnabled false.
Result<std::optional<StreamViewType>> parse_stream_specification(const Json& request);

}  // namespace streamlab::dynamodb::actions
