#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action batch_write_item() {
  return {"BatchWriteItem",
          {{"RequestItems",
            wire::FieldType::kMap,
            true,
            1,
            std::nullopt,
            std::nullopt,
            {},
            {{"WriteRequests",
              wire::FieldType::kList,
              false,
              1,
              25,
              std::nullopt,
              {},
              {{"WriteRequest",
                wire::FieldType::kStructure,
                false,
                std::nullopt,
                std::nullopt,
                std::nullopt,
                {},
                {{"PutRequest",
                  wire::FieldType::kStructure,
                  false,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt,
                  {},
                  {attribute_map_field("Item", true)}},
                 {"DeleteRequest",
                  wire::FieldType::kStructure,
                  false,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt,
                  {},
                  {attribute_map_field("Key", true)}}}}}}}},
           return_consumed_capacity_field(),
           {"ReturnItemCollectionMetrics", wire::FieldType::kString}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            std::vector<DynamoDbService::BatchWriteRequest> requests;
            for (const auto& [table, writes] : request["RequestItems"].items()) {
              for (const auto& write : writes) {
                const bool put = write.contains("PutRequest") && !write["PutRequest"].is_null();
                const bool del =
                    write.contains("DeleteRequest") && !write["DeleteRequest"].is_null();
                if (put == del) {
                  return errors::validation(
                      "Supplied AttributeValue has more than one datatypes set, must contain "
                      "exactly one of the supported datatypes");
                }
                STREAMLAB_ASSIGN_OR_RETURN(Item item,
                                           put ? item_from_json(write["PutRequest"]["Item"])
                                               : item_from_json(write["DeleteRequest"]["Key"]));
                requests.push_back({table, put, std::move(item)});
              }
            }
            STREAMLAB_ASSIGN_OR_RETURN(auto unprocessed, db.batch_write(std::move(requests)));
            OrderedJson left = OrderedJson::object();
            for (const auto& item : unprocessed) {
              OrderedJson entry;
              if (item.is_put) {
                entry["PutRequest"]["Item"] = item_to_json(item.item_or_key);
              } else {
                entry["DeleteRequest"]["Key"] = item_to_json(item.item_or_key);
              }
              left[item.table].push_back(std::move(entry));
            }
            OrderedJson out;
            out["UnprocessedItems"] = std::move(left);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
