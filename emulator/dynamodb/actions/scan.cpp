#include "emulator/dynamodb/actions/read_response.h"

namespace streamlab::dynamodb::actions {

Action scan() {
  return {"Scan",
          {table_name_field(),
           {"IndexName", wire::FieldType::kString, false, 3, 255},
           expression_field("FilterExpression"),
           expression_field("ProjectionExpression"),
           expression_names_field(),
           expression_values_field(),
           {"Limit", wire::FieldType::kInteger, false, 1},
           select_field(),
           attribute_map_field("ExclusiveStartKey", false),
           {"Segment", wire::FieldType::kInteger, false, 0, 999999},
           {"TotalSegments", wire::FieldType::kInteger, false, 1, 1000000},
           {"ConsistentRead", wire::FieldType::kBoolean},
           return_consumed_capacity_field(),
           legacy_conditions_field("ScanFilter"),
           attributes_to_get_field(),
           conditional_operator_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_RETURN_IF_ERROR(
                check_not_mixed(request, {"ScanFilter", "AttributesToGet", "ConditionalOperator"},
                                {"FilterExpression", "ProjectionExpression",
                                 "ExpressionAttributeNames", "ExpressionAttributeValues"}));
            ScanInput input;
            input.table = request["TableName"].get<std::string>();
            input.index = optional_string(request, "IndexName").value_or("");
            STREAMLAB_ASSIGN_OR_RETURN(input.substitutions, substitutions(request));
            input.filter = optional_string(request, "FilterExpression").value_or("");
            input.projection = optional_string(request, "ProjectionExpression").value_or("");
            if (auto legacy = request.find("ScanFilter");
                legacy != request.end() && !legacy->is_null()) {
              STREAMLAB_ASSIGN_OR_RETURN(
                  input.filter,
                  conditions_to_expression(*legacy, request, input.substitutions, "scanFilter"));
            }
            if (auto legacy = request.find("AttributesToGet");
                legacy != request.end() && !legacy->is_null()) {
              input.projection = attributes_to_projection(*legacy, input.substitutions);
            }
            if (request.contains("Limit") && !request["Limit"].is_null())
              input.limit = request["Limit"].get<std::size_t>();
            if (request.contains("Segment") && !request["Segment"].is_null()) {
              input.segment = request["Segment"].get<std::uint32_t>();
            }
            if (request.contains("TotalSegments") && !request["TotalSegments"].is_null()) {
              input.total_segments = request["TotalSegments"].get<std::uint32_t>();
            }
            STREAMLAB_ASSIGN_OR_RETURN(input.select, select(request));
            if (request.contains("ExclusiveStartKey") && !request["ExclusiveStartKey"].is_null()) {
              STREAMLAB_ASSIGN_OR_RETURN(input.exclusive_start_key,
                                         attribute_map(request, "ExclusiveStartKey"));
            }
            input.consistent_read = request.value("ConsistentRead", false);
            STREAMLAB_ASSIGN_OR_RETURN(ReadOutput output, db.scan(input));
            return read_response(output, input.select == Select::kCount);
          }};
}

}  // namespace streamlab::dynamodb::actions
