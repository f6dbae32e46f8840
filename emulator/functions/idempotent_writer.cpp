// put_versioned and "idempotent-consumer" (see idempotent_writer.h).
#include "emulator/functions/idempotent_writer.h"

#include "emulator/dynamodb/attribute_json.h"
#include "emulator/functions/functions.h"
#include "emulator/functions/string_keyed_table.h"

namespace streamlab::functions {

using dynamodb::AttributeValue;
using nlohmann::json;

Result<VersionedWriteOutcome> put_versioned(dynamodb::DynamoDbService& db, const std::string& table,
                                            const std::string& key_attribute, dynamodb::Item item) {
  auto version = item.find("version");
  if (version == item.end() || !version->second.is(dynamodb::ValueType::kN))
    return errors::validation("a versioned write needs a numeric version attribute");
  dynamodb::PutItemInput put{table, std::move(item), {}};
  put.options.condition = "attribute_not_exists(#key) OR #version < :v";
  put.options.substitutions.names["#key"] = key_attribute;
  put.options.substitutions.names["#version"] = "version";
  put.options.substitutions.values[":v"] = put.item.at("version");
  auto written = db.put_item(put);
  if (written.is_ok()) return VersionedWriteOutcome::kWritten;
  if (written.status().is("ConditionalCheckFailedException"))
    return VersionedWriteOutcome::kAlreadyApplied;
  return written.error();
}

Status create_versioned_table(dynamodb::DynamoDbService& db, const std::string& table,
                              const std::string& key_attribute) {
  return create_string_keyed_table(db, table, key_attribute, std::nullopt,
                                   dynamodb::StreamViewType::kNewAndOldImages);
}

Status create_effects_table(dynamodb::DynamoDbService& db, const std::string& table,
                            const std::string& key_attribute) {
  return create_string_keyed_table(db, table, key_attribute);
}

// "idempotent-consumer": for each INSERT/MODIFY stream record, one effect
// (ADD applied 1) on EFFECTS_TABLE[key], guarded by `lastVersion < :v` so a
// redelivered record (a retried batch) is skipped. Options:
//   EFFECTS_TABLE (Effects), KEY_ATTRIBUTE (pk),
//   DEDUPLICATE   version (default) | none — none applies every delivery,
//                 the naive consumer whose effects a retry duplicates.
lambda::Handler idempotent_consumer() {
  return [](lambda::InvocationContext& context, json event) -> Task<lambda::HandlerResult> {
    const auto& env = context.environment();
    auto option = [&env](const char* name, const char* fallback) {
      auto it = env.find(name);
      return it == env.end() ? std::string(fallback) : it->second;
    };
    const std::string effects_table = option("EFFECTS_TABLE", "Effects");
    const std::string key_attribute = option("KEY_ATTRIBUTE", "pk");
    const bool deduplicate = option("DEDUPLICATE", "version") != "none";
    const auto records = event.find("Records");
    if (records == event.end() || !records->is_array())
      co_return errors::make("InvalidEvent", "the event has no Records");
    std::size_t applied = 0, skipped = 0;
    for (const auto& record : *records) {
      const json change = record.value("dynamodb", json::object());
      if (Status fault = context.before_record(change.dump()); !fault.is_ok())
        co_return fault.error();
      const std::string name = record.value("eventName", std::string());
      if ((name == "INSERT" || name == "MODIFY") && change.contains("NewImage")) {
        auto image = dynamodb::item_from_json(change["NewImage"]);
        if (!image.is_ok()) co_return image.error();
        auto key = image->find(key_attribute);
        auto version = image->find("version");
        if (key == image->end() || version == image->end()) {
          context.log("record " + change.value("SequenceNumber", std::string()) + " lacks " +
                      key_attribute + " or version; skipped");
        } else {
          dynamodb::UpdateItemInput update;
          update.table = effects_table;
          update.key[key_attribute] = key->second;
          update.update = "SET lastVersion = :v ADD applied :one";
          if (deduplicate)
            update.options.condition = "attribute_not_exists(lastVersion) OR lastVersion < :v";
          update.options.substitutions.values[":v"] = version->second;
          update.options.substitutions.values[":one"] =
              AttributeValue::number(dynamodb::Decimal::from_integer(1));
          auto db = context.services().dynamodb;
          auto update_call =
              context.call("dynamodb.UpdateItem", [db, update] { return db->update_item(update); });
          auto updated = co_await update_call;
          if (updated.is_ok()) {
            ++applied;
          } else if (updated.status().is("ConditionalCheckFailedException")) {
            ++skipped;  // this version's effect was applied by an earlier delivery
          } else {
            co_return updated.error();
          }
        }
      }
      if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
    }
    if (skipped) context.log("skipped " + std::to_string(skipped) + " redelivered versions");
    context.note_occurrence("idempotent-consumer.redeliveries-skipped", skipped);
    co_return json{{"applied", applied}, {"skipped", skipped}};
  };
}

}  // namespace streamlab::functions
