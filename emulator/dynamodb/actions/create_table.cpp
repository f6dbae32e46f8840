#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/actions/table_parsing.h"

namespace streamlab::dynamodb::actions {

Action create_table() {
  return {"CreateTable",
          {table_name_field(),
           attribute_definitions_field(true),
           key_schema_field("KeySchema", true),
           indexes_field("GlobalSecondaryIndexes", true),
           indexes_field("LocalSecondaryIndexes", false),
           {"BillingMode",
            wire::FieldType::kString,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {"PROVISIONED", "PAY_PER_REQUEST"}},
           provisioned_throughput_field(),
           stream_specification_field(),
           {"Tags", wire::FieldType::kList},
           {"SSESpecification", wire::FieldType::kStructure},
           {"TableClass", wire::FieldType::kString},
           {"DeletionProtectionEnabled", wire::FieldType::kBoolean}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            TableDefinition definition;
            definition.name = request["TableName"].get<std::string>();
            STREAMLAB_ASSIGN_OR_RETURN(definition.attribute_definitions,
                                       parse_attribute_definitions(request));
            STREAMLAB_ASSIGN_OR_RETURN(definition.key, parse_key_schema(request["KeySchema"]));
            STREAMLAB_ASSIGN_OR_RETURN(definition.global_indexes,
                                       parse_indexes(request, "GlobalSecondaryIndexes"));
            STREAMLAB_ASSIGN_OR_RETURN(definition.local_indexes,
                                       parse_indexes(request, "LocalSecondaryIndexes"));
            STREAMLAB_RETURN_IF_ERROR(parse_billing(request, definition));
            STREAMLAB_ASSIGN_OR_RETURN(definition.stream, parse_stream_specification(request));
            STREAMLAB_ASSIGN_OR_RETURN(TableDescription created,
                                       db.create_table(std::move(definition)));
            OrderedJson out;
            out["TableDescription"] = table_description_json(created);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
