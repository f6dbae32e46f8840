#include "emulator/dynamodb/actions/item_parsing.h"

#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

std::vector<wire::Field> write_fields() {
  return {table_name_field(),
          expression_field("ConditionExpression"),
          expression_names_field(),
          expression_values_field(),
          return_values_field(),
          return_on_condition_failure_field(),
          return_consumed_capacity_field(),
          legacy_expected_field(),
          conditional_operator_field(),
          {"ReturnItemCollectionMetrics",
           wire::FieldType::kString,
           false,
           std::nullopt,
           std::nullopt,
           std::nullopt,
           {"SIZE", "NONE"}}};
}

Result<WriteOptions> write_options(const Json& request) {
  STREAMLAB_RETURN_IF_ERROR(
      check_not_mixed(request, {"Expected", "AttributeUpdates", "ConditionalOperator"},
                      {"ConditionExpression", "UpdateExpression", "ExpressionAttributeNames",
                       "ExpressionAttributeValues"}));
  WriteOptions options;
  STREAMLAB_ASSIGN_OR_RETURN(options.substitutions, substitutions(request));
  options.condition = optional_string(request, "ConditionExpression").value_or("");
  if (options.condition.empty()) {
    STREAMLAB_ASSIGN_OR_RETURN(options.condition,
                               expected_to_condition(request, options.substitutions));
  }
  STREAMLAB_ASSIGN_OR_RETURN(options.return_values, return_values(request));
  options.return_item_on_condition_failure =
      optional_string(request, "ReturnValuesOnConditionCheckFailure").value_or("NONE") == "ALL_OLD";
  return options;
}

OrderedJson write_response(const WriteOutput& output) {
  OrderedJson out = OrderedJson::object();
  if (output.attributes && !output.attributes->empty())
    out["Attributes"] = item_to_json(*output.attributes);
  return out;
}

}  // namespace streamlab::dynamodb::actions
