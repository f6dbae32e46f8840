#include "emulator/dynamodb/actions/item_parsing.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {
namespace {

// Legacy AttributeUpdates ({"a": {"Action": "PUT|ADD|DELETE", "Value": …}})
// as an UpdateExpression.
Result<std::string> attribute_updates_to_expression(const Json& updates,
                                                    Substitutions& substitutions) {
  std::string set, remove, add, del;
  for (const auto& [attribute, update] : updates.items()) {
    const std::string name = "#legacy" + std::to_string(substitutions.names.size());
    substitutions.names.emplace(name, attribute);
    const std::string action = update.value("Action", "PUT");
    const bool has_value = update.contains("Value") && !update["Value"].is_null();
    std::string value;
    if (has_value) {
      STREAMLAB_ASSIGN_OR_RETURN(AttributeValue parsed, attribute_from_json(update["Value"]));
      value = ":legacy" + std::to_string(substitutions.values.size());
      substitutions.values.emplace(value, std::move(parsed));
    }
    if (action == "PUT") {
      if (!has_value) {
        return errors::validation(
            "One or more parameter values were invalid: Only DELETE action is allowed when no "
            "attribute value is specified");
      }
      set.append(set.empty() ? "" : ", ").append(name).append(" = ").append(value);
    } else if (action == "ADD") {
      if (!has_value) {
        return errors::validation(
            "One or more parameter values were invalid: Only DELETE action is allowed when no "
            "attribute value is specified");
      }
      add.append(add.empty() ? "" : ", ").append(name).append(" ").append(value);
    } else if (has_value) {
      del.append(del.empty() ? "" : ", ").append(name).append(" ").append(value);
    } else {
      remove.append(remove.empty() ? "" : ", ").append(name);
    }
  }
  std::string out;
  if (!set.empty()) out += "SET " + set + " ";
  if (!remove.empty()) out += "REMOVE " + remove + " ";
  if (!add.empty()) out += "ADD " + add + " ";
  if (!del.empty()) out += "DELETE " + del;
  return out;
}

}  // namespace

Action update_item() {
  auto fields = write_fields();
  fields.push_back(attribute_map_field("Key", true));
  fields.push_back(expression_field("UpdateExpression"));
  fields.push_back({"AttributeUpdates",
                    wire::FieldType::kMap,
                    false,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    {},
                    {{"AttributeValueUpdate",
                      wire::FieldType::kStructure,
                      false,
                      std::nullopt,
                      std::nullopt,
                      std::nullopt,
                      {},
                      {{"Value", wire::FieldType::kStructure},
                       {"Action",
                        wire::FieldType::kString,
                        false,
                        std::nullopt,
                        std::nullopt,
                        std::nullopt,
                        {"ADD", "PUT", "DELETE"}}}}}});
  return {
      "UpdateItem", fields, [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
        UpdateItemInput input;
        input.table = request["TableName"].get<std::string>();
        STREAMLAB_ASSIGN_OR_RETURN(input.key, attribute_map(request, "Key"));
        STREAMLAB_ASSIGN_OR_RETURN(input.options, write_options(request));
        input.update = optional_string(request, "UpdateExpression").value_or("");
        if (auto legacy = request.find("AttributeUpdates");
            legacy != request.end() && !legacy->is_null()) {
          STREAMLAB_ASSIGN_OR_RETURN(
              input.update, attribute_updates_to_expression(*legacy, input.options.substitutions));
        }
        STREAMLAB_ASSIGN_OR_RETURN(WriteOutput output, db.update_item(input));
        return write_response(output);
      }};
}

}  // namespace streamlab::dynamodb::actions
