#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action transact_get_items() {
  return {"TransactGetItems",
          {{"TransactItems",
            wire::FieldType::kList,
            true,
            1,
            100,
            std::nullopt,
            {},
            {{"TransactGetItem",
              wire::FieldType::kStructure,
              false,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {},
              {{"Get",
                wire::FieldType::kStructure,
                true,
                std::nullopt,
                std::nullopt,
                std::nullopt,
                {},
                {table_name_field(), attribute_map_field("Key", true),
                 expression_field("ProjectionExpression"), expression_names_field()}}}}}},
           return_consumed_capacity_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            std::vector<GetItemInput> gets;
            for (const auto& entry : request["TransactItems"]) {
              const Json& get = entry["Get"];
              GetItemInput input;
              input.table = get["TableName"].get<std::string>();
              STREAMLAB_ASSIGN_OR_RETURN(input.key, attribute_map(get, "Key"));
              STREAMLAB_ASSIGN_OR_RETURN(input.substitutions, substitutions(get));
              input.projection = optional_string(get, "ProjectionExpression").value_or("");
              gets.push_back(std::move(input));
            }
            STREAMLAB_ASSIGN_OR_RETURN(auto items, db.transact_get(gets));
            OrderedJson responses = OrderedJson::array();
            for (const auto& item : items) {
              OrderedJson entry = OrderedJson::object();
              if (item) entry["Item"] = item_to_json(*item);
              responses.push_back(std::move(entry));
            }
            OrderedJson out;
            out["Responses"] = std::move(responses);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
