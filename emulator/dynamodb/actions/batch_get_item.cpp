#include <set>

#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action batch_get_item() {
  return {"BatchGetItem",
          {{"RequestItems",
            wire::FieldType::kMap,
            true,
            1,
            100,
            std::nullopt,
            {},
            {{"KeysAndAttributes",
              wire::FieldType::kStructure,
              false,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {},
              {{"Keys",
                wire::FieldType::kList,
                true,
                1,
                100,
                std::nullopt,
                {},
                {attribute_map_field("Key", false)}},
               expression_field("ProjectionExpression"),
               expression_names_field(),
               attributes_to_get_field(),
               {"ConsistentRead", wire::FieldType::kBoolean}}}}},
           return_consumed_capacity_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            std::size_t total = 0;
            for (const auto& [table, spec] : request["RequestItems"].items())
              total += spec["Keys"].size();
            if (total > 100) {
              return errors::validation("Too many items requested for the BatchGetItem call");
            }
            OrderedJson responses = OrderedJson::object();
            for (const auto& [table, spec] : request["RequestItems"].items()) {
              STREAMLAB_RETURN_IF_ERROR(check_not_mixed(
                  spec, {"AttributesToGet"}, {"ProjectionExpression", "ExpressionAttributeNames"}));
              GetItemInput input;
              input.table = table;
              STREAMLAB_ASSIGN_OR_RETURN(input.substitutions, substitutions(spec));
              input.projection = optional_string(spec, "ProjectionExpression").value_or("");
              if (auto legacy = spec.find("AttributesToGet");
                  legacy != spec.end() && !legacy->is_null()) {
                input.projection = attributes_to_projection(*legacy, input.substitutions);
              }
              input.consistent_read = spec.value("ConsistentRead", false);
              std::set<std::string> seen;
              OrderedJson found = OrderedJson::array();
              for (const auto& key : spec["Keys"]) {
                if (!seen.insert(key.dump()).second) {
                  return errors::validation("Provided list of item keys contains duplicates");
                }
                STREAMLAB_ASSIGN_OR_RETURN(input.key, item_from_json(key));
                STREAMLAB_ASSIGN_OR_RETURN(auto item, db.get_item(input));
                if (item) found.push_back(item_to_json(*item));
              }
              responses[table] = std::move(found);
            }
            OrderedJson out;
            out["Responses"] = std::move(responses);
            out["UnprocessedKeys"] = OrderedJson::object();
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
