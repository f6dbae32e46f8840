#include "emulator/dynamodb/actions/item_parsing.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action transact_write_items() {
  const auto element = [](std::string name, bool item, bool update) {
    std::vector<wire::Field> members = {table_name_field(), expression_field("ConditionExpression"),
                                        expression_names_field(), expression_values_field(),
                                        return_on_condition_failure_field()};
    members.push_back(attribute_map_field(item ? "Item" : "Key", true));
    if (update) members.push_back({"UpdateExpression", wire::FieldType::kString, true});
    return wire::Field{std::move(name),
                       wire::FieldType::kStructure,
                       false,
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       {},
                       std::move(members)};
  };
  return {"TransactWriteItems",
          {{"TransactItems",
            wire::FieldType::kList,
            true,
            1,
            100,
            std::nullopt,
            {},
            {{"TransactWriteItem",
              wire::FieldType::kStructure,
              false,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {},
              {element("ConditionCheck", false, false), element("Put", true, false),
               element("Delete", false, false), element("Update", false, true)}}}},
           {"ClientRequestToken", wire::FieldType::kString, false, 1, 36},
           return_consumed_capacity_field(),
           {"ReturnItemCollectionMetrics", wire::FieldType::kString}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            std::vector<TransactWriteElement> elements;
            for (const auto& entry : request["TransactItems"]) {
              std::vector<std::pair<const char*, TransactWriteElement::Kind>> kinds = {
                  {"ConditionCheck", TransactWriteElement::Kind::kConditionCheck},
                  {"Put", TransactWriteElement::Kind::kPut},
                  {"Delete", TransactWriteElement::Kind::kDelete},
                  {"Update", TransactWriteElement::Kind::kUpdate}};
              int present = 0;
              for (const auto& [name, kind] : kinds) {
                auto it = entry.find(name);
                if (it == entry.end() || it->is_null()) continue;
                ++present;
                TransactWriteElement element_input;
                element_input.kind = kind;
                element_input.table = (*it)["TableName"].get<std::string>();
                STREAMLAB_ASSIGN_OR_RETURN(
                    element_input.item_or_key,
                    attribute_map(*it, kind == TransactWriteElement::Kind::kPut ? "Item" : "Key"));
                element_input.update = optional_string(*it, "UpdateExpression").value_or("");
                STREAMLAB_ASSIGN_OR_RETURN(element_input.options.substitutions, substitutions(*it));
                element_input.options.condition =
                    optional_string(*it, "ConditionExpression").value_or("");
                element_input.options.return_item_on_condition_failure =
                    optional_string(*it, "ReturnValuesOnConditionCheckFailure").value_or("NONE") ==
                    "ALL_OLD";
                elements.push_back(std::move(element_input));
              }
              if (present != 1) {
                return errors::validation(
                    "TransactItems can only contain one of Check, Put, Update or Delete");
              }
            }
            Json fingerprint = request;
            fingerprint.erase("ClientRequestToken");
            STREAMLAB_RETURN_IF_ERROR(db.transact_write(
                std::move(elements), optional_string(request, "ClientRequestToken").value_or(""),
                fingerprint.dump()));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::dynamodb::actions
