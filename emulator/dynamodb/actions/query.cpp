#include "emulator/dynamodb/actions/read_response.h"

namespace streamlab::dynamodb::actions {

Action query() {
  return {
      "Query",
      {table_name_field(),
       {"IndexName", wire::FieldType::kString, false, 3, 255},
       expression_field("KeyConditionExpression"),
       expression_field("FilterExpression"),
       expression_field("ProjectionExpression"),
       expression_names_field(),
       expression_values_field(),
       {"ScanIndexForward", wire::FieldType::kBoolean},
       {"Limit", wire::FieldType::kInteger, false, 1},
       select_field(),
       attribute_map_field("ExclusiveStartKey", false),
       {"ConsistentRead", wire::FieldType::kBoolean},
       return_consumed_capacity_field(),
       legacy_conditions_field("KeyConditions"),
       legacy_conditions_field("QueryFilter"),
       attributes_to_get_field(),
       conditional_operator_field()},
      [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
        STREAMLAB_RETURN_IF_ERROR(check_not_mixed(
            request, {"KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"},
            {"KeyConditionExpression", "FilterExpression", "ProjectionExpression",
             "ExpressionAttributeNames", "ExpressionAttributeValues"}));
        QueryInput input;
        input.table = request["TableName"].get<std::string>();
        input.index = optional_string(request, "IndexName").value_or("");
        STREAMLAB_ASSIGN_OR_RETURN(input.substitutions, substitutions(request));
        input.key_condition = optional_string(request, "KeyConditionExpression").value_or("");
        input.filter = optional_string(request, "FilterExpression").value_or("");
        input.projection = optional_string(request, "ProjectionExpression").value_or("");
        if (auto legacy = request.find("KeyConditions");
            legacy != request.end() && !legacy->is_null()) {
          // KeyConditions are always ANDed (ConditionalOperator applies to QueryFilter only).
          Json and_only = Json::object();
          STREAMLAB_ASSIGN_OR_RETURN(
              input.key_condition,
              conditions_to_expression(*legacy, and_only, input.substitutions, "keyConditions"));
        }
        if (auto legacy = request.find("QueryFilter");
            legacy != request.end() && !legacy->is_null()) {
          STREAMLAB_ASSIGN_OR_RETURN(
              input.filter,
              conditions_to_expression(*legacy, request, input.substitutions, "queryFilter"));
        }
        if (auto legacy = request.find("AttributesToGet");
            legacy != request.end() && !legacy->is_null()) {
          input.projection = attributes_to_projection(*legacy, input.substitutions);
        }
        input.scan_forward = request.value("ScanIndexForward", true);
        if (request.contains("Limit") && !request["Limit"].is_null())
          input.limit = request["Limit"].get<std::size_t>();
        STREAMLAB_ASSIGN_OR_RETURN(input.select, select(request));
        if (request.contains("ExclusiveStartKey") && !request["ExclusiveStartKey"].is_null()) {
          STREAMLAB_ASSIGN_OR_RETURN(input.exclusive_start_key,
                                     attribute_map(request, "ExclusiveStartKey"));
        }
        input.consistent_read = request.value("ConsistentRead", false);
        STREAMLAB_ASSIGN_OR_RETURN(ReadOutput output, db.query(input));
        return read_response(output, input.select == Select::kCount);
      }};
}

}  // namespace streamlab::dynamodb::actions
