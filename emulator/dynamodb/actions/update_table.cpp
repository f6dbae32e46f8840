#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/actions/table_parsing.h"

namespace streamlab::dynamodb::actions {

// streamlab's UpdateTable changes streams and global indexes; other changes
// (billing, throughput, replicas) are refused with a clear error, never ignored.
Action update_table() {
  return {"UpdateTable",
          {table_name_field(),
           attribute_definitions_field(false),
           stream_specification_field(),
           {"GlobalSecondaryIndexUpdates",
            wire::FieldType::kList,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            {{"Update",
              wire::FieldType::kStructure,
              false,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {},
              {{"Create", wire::FieldType::kStructure},
               {"Delete", wire::FieldType::kStructure},
               {"Update", wire::FieldType::kStructure}}}}},
           {"BillingMode", wire::FieldType::kString},
           provisioned_throughput_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            const std::string name = request["TableName"].get<std::string>();
            for (const char* unsupported : {"BillingMode", "ProvisionedThroughput"}) {
              if (request.contains(unsupported) && !request[unsupported].is_null()) {
                return errors::validation(std::string("streamlab does not emulate UpdateTable ") +
                                          unsupported + " changes");
              }
            }
            const bool has_stream = request.contains("StreamSpecification") &&
                                    !request["StreamSpecification"].is_null();
            const bool has_indexes = request.contains("GlobalSecondaryIndexUpdates") &&
                                     !request["GlobalSecondaryIndexUpdates"].is_null();
            if (!has_stream && !has_indexes) {
              return errors::validation(
                  "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                  "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is "
                  "required");
            }
            std::optional<TableDescription> result;
            if (has_stream) {
              STREAMLAB_ASSIGN_OR_RETURN(auto view, parse_stream_specification(request));
              STREAMLAB_ASSIGN_OR_RETURN(result, db.update_stream(name, view));
            }
            if (has_indexes) {
              STREAMLAB_ASSIGN_OR_RETURN(auto definitions, parse_attribute_definitions(request));
              for (const auto& update : request["GlobalSecondaryIndexUpdates"]) {
                if (update.contains("Create") && !update["Create"].is_null()) {
                  const Json& create = update["Create"];
                  if (!create.contains("IndexName") || !create.contains("KeySchema") ||
                      !create.contains("Projection")) {
                    return errors::validation(
                        "One or more parameter values were invalid: IndexName, KeySchema and "
                        "Projection are required to create a global secondary index");
                  }
                  STREAMLAB_ASSIGN_OR_RETURN(IndexDefinition index, parse_index(create));
                  STREAMLAB_ASSIGN_OR_RETURN(
                      result, db.create_global_index(name, std::move(index), definitions));
                } else if (update.contains("Delete") && !update["Delete"].is_null()) {
                  STREAMLAB_ASSIGN_OR_RETURN(
                      result, db.delete_global_index(
                                  name, update["Delete"].value("IndexName", std::string())));
                } else {
                  return errors::validation(
                      "streamlab does not emulate changing a global secondary index's "
                      "throughput (GlobalSecondaryIndexUpdates.Update)");
                }
              }
            }
            OrderedJson out;
            out["TableDescription"] = table_description_json(*result);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
