#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action get_item() {
  return {
      "GetItem",
      {table_name_field(),
       attribute_map_field("Key", true),
       {"ConsistentRead", wire::FieldType::kBoolean},
       expression_field("ProjectionExpression"),
       expression_names_field(),
       attributes_to_get_field(),
       return_consumed_capacity_field()},
      [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
        STREAMLAB_RETURN_IF_ERROR(check_not_mixed(
            request, {"AttributesToGet"}, {"ProjectionExpression", "ExpressionAttributeNames"}));
        GetItemInput input;
        input.table = request["TableName"].get<std::string>();
        STREAMLAB_ASSIGN_OR_RETURN(input.key, attribute_map(request, "Key"));
        input.consistent_read = request.value("ConsistentRead", false);
        STREAMLAB_ASSIGN_OR_RETURN(input.substitutions, substitutions(request));
        input.projection = optional_string(request, "ProjectionExpression").value_or("");
        if (auto legacy = request.find("AttributesToGet");
            legacy != request.end() && !legacy->is_null()) {
          input.projection = attributes_to_projection(*legacy, input.substitutions);
        }
        STREAMLAB_ASSIGN_OR_RETURN(auto found, db.get_item(input));
        OrderedJson out = OrderedJson::object();
        if (found) out["Item"] = item_to_json(*found);
        return out;
      }};
}

}  // namespace streamlab::dynamodb::actions
