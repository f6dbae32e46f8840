// winner, order-tolerant (../shared/functions.md): correct scores whatever the
// delivery order. eventIds compare correctly within one core shard, and all
// events of a product share one (partition key = product id).
#include "emulator/functions/egress_event.h"
#include "emulator/functions/functions.h"

namespace streamlab::functions {
namespace {

using dynamodb::AttributeValue;
using lambda::InvocationContext;
using nlohmann::json;

struct Tables {
  std::string contributions = "Contributions";
  std::string events = "Events";
  std::string scores = "Scores";
};

Tables tables_of(InvocationContext& context) {
  Tables tables;
  const auto& env = context.environment();
  if (auto it = env.find("CONTRIBUTIONS_TABLE"); it != env.end()) tables.contributions = it->second;
  if (auto it = env.find("EVENTS_TABLE"); it != env.end()) tables.events = it->second;
  if (auto it = env.find("SCORES_TABLE"); it != env.end()) tables.scores = it->second;
  return tables;
}

// Scores[user, role].score = how many purchase events credit the user in the role.
Task<Status> recompute_count(InvocationContext& context, const Tables& tables, std::string user,
                             std::string role) {
  auto* db = context.services().dynamodb;
  dynamodb::QueryInput query;
  query.table = tables.events;
  query.index = role == "creator" ? "EventsByCreator" : "EventsByPhotographer";
  query.key_condition = "#r = :u";
  query.substitutions.names["#r"] = role;
  query.substitutions.values[":u"] = AttributeValue::string(user);
  query.select = dynamodb::Select::kCount;
  long long count = 0;
  for (;;) {
    auto query_call = context.call("dynamodb.Query", [db, query] { return db->query(query); });
    auto page = co_await query_call;
    if (!page.is_ok()) co_return page.error();
    count += static_cast<long long>(page->count);
    if (!page->last_evaluated_key) break;
    query.exclusive_start_key = page->last_evaluated_key;
  }
  dynamodb::UpdateItemInput write{tables.scores, {}, "SET #s = :s", {}};
  write.key["userId"] = AttributeValue::string(user);
  write.key["role"] = AttributeValue::string(role);
  write.options.substitutions.names["#s"] = "score";
  write.options.substitutions.values[":s"] =
      AttributeValue::number(dynamodb::Decimal::from_integer(count));
  auto write_call =
      context.call("dynamodb.UpdateItem", [db, write] { return db->update_item(write); });
  auto written = co_await write_call;
  co_return written.status();
}

Task<Status> registration(InvocationContext& context, const Tables& tables,
                          const EgressEvent& event) {
  auto* db = context.services().dynamodb;
  const std::string role = event.kind == EgressEvent::Kind::kCreate ? "creator" : "photographer";
  dynamodb::UpdateItemInput update{tables.contributions, {}, "", {}};
  update.key["productId"] = AttributeValue::string(event.product_id);
  update.update =
      "SET #c = if_not_exists(#c, :now), #cb = if_not_exists(#cb, :origin), #u = :now, #ub = "
      ":origin, "
      "#role = if_not_exists(#role, :origin), #re = if_not_exists(#re, :eventId)";
  update.options.substitutions.names = {{"#c", "created"}, {"#cb", "createdBy"},
                                        {"#u", "updated"}, {"#ub", "updatedBy"},
                                        {"#role", role},   {"#re", role + "EventId"}};
  update.options.substitutions.values = {{":now", AttributeValue::string(event.time_origin)},
                                         {":origin", AttributeValue::string(event.origin)},
                                         {":eventId", AttributeValue::string(event.event_id)}};
  auto update_call =
      context.call("dynamodb.UpdateItem", [db, update] { return db->update_item(update); });
  auto updated = co_await update_call;
  if (!updated.is_ok()) co_return updated.error();
  // Purchases logged after this registration (by eventId) get this contributor.
  dynamodb::QueryInput later;
  later.table = tables.events;
  later.key_condition = "productId = :p AND eventId > :e";
  later.substitutions.values = {{":p", AttributeValue::string(event.product_id)},
                                {":e", AttributeValue::string(event.event_id)}};
  later.consistent_read = true;
  for (;;) {
    auto query_call = context.call("dynamodb.Query", [db, later] { return db->query(later); });
    auto page = co_await query_call;
    if (!page.is_ok()) co_return page.error();
    for (const auto& purchase : page->items) {
      dynamodb::UpdateItemInput credit{tables.events, {}, "SET #role = :o", {}};
      credit.key["productId"] = purchase->at("productId");
      credit.key["eventId"] = purchase->at("eventId");
      credit.options.substitutions.names["#role"] = role;
      credit.options.substitutions.values[":o"] = AttributeValue::string(event.origin);
      auto credit_call =
          context.call("dynamodb.UpdateItem", [db, credit] { return db->update_item(credit); });
      auto credited = co_await credit_call;
      if (!credited.is_ok()) co_return credited.error();
    }
    if (!page->last_evaluated_key) break;
    later.exclusive_start_key = page->last_evaluated_key;
  }
  auto recount = recompute_count(context, tables, event.origin, role);
  Status done = co_await recount;
  co_return done;
}

Task<Status> purchase(InvocationContext& context, const Tables& tables, const EgressEvent& event) {
  auto* db = context.services().dynamodb;
  dynamodb::GetItemInput get{tables.contributions, {}, true, "", {}};
  get.key["productId"] = AttributeValue::string(event.product_id);
  auto get_call = context.call("dynamodb.GetItem", [db, get] { return db->get_item(get); });
  auto row = co_await get_call;
  if (!row.is_ok()) co_return row.error();
  dynamodb::Item record;
  record["productId"] = AttributeValue::string(event.product_id);
  record["eventId"] = AttributeValue::string(event.event_id);
  std::vector<std::pair<std::string, std::string>> credited;  // (user, role)
  for (const char* role : {"creator", "photographer"}) {
    if (!*row) break;
    const auto user = (*row)->find(role);
    const auto since = (*row)->find(std::string(role) + "EventId");
    if (user == (*row)->end() || since == (*row)->end()) continue;
    if (event.event_id > since->second.as_string()) {  // the purchase came after the registration
      record[role] = user->second;
      credited.emplace_back(user->second.as_string(), role);
    }
  }
  dynamodb::PutItemInput put{tables.events, record, {}};
  auto put_call = context.call("dynamodb.PutItem", [db, put] { return db->put_item(put); });
  auto written = co_await put_call;
  if (!written.is_ok()) co_return written.error();
  for (const auto& [user, role] : credited) {
    auto recount = recompute_count(context, tables, user, role);
    Status done = co_await recount;
    if (!done.is_ok()) co_return done;
  }
  co_return Status::ok();
}

}  // namespace

lambda::Handler winner_tolerant() {
  return [](InvocationContext& context, lambda::Event event) -> Task<lambda::HandlerResult> {
    const Tables tables = tables_of(context);
    auto records = egress_records_of(event, context.record_faults_armed());
    if (!records.is_ok()) co_return records.error();
    std::size_t processed = 0;
    for (const auto& record : *records) {  // one after another
      // Injected crashes (the harness's function-crash faults): before a
      // record, or once k records are done; the mapping retries the batch.
      if (Status fault = context.before_record(record.data); !fault.is_ok())
        co_return fault.error();
      if (!record.event) {
        context.log("invalid event " + record.event_id + ": " + record.error + "; skipped");
        continue;
      }
      const auto& parsed = record.event;
      auto step = parsed->kind == EgressEvent::Kind::kPurchase
                      ? purchase(context, tables, *parsed)
                      : registration(context, tables, *parsed);
      Status status = co_await step;
      if (!status.is_ok()) co_return status.error();
      ++processed;
      if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
    }
    co_return json{{"processed", processed}};
  };
}

Status create_winner_tolerant_tables(dynamodb::DynamoDbService& db, const std::string& prefix) {
  using dynamodb::IndexDefinition;
  using dynamodb::KeyAttribute;
  using dynamodb::ProjectionType;
  using dynamodb::ValueType;
  dynamodb::TableDefinition contributions;
  contributions.name = prefix + "Contributions";
  contributions.key.hash = {"productId", ValueType::kS};
  contributions.attribute_definitions = {{"productId", ValueType::kS}};
  contributions.billing_mode = dynamodb::BillingMode::kPayPerRequest;
  STREAMLAB_RETURN_IF_ERROR(db.create_table(contributions).status());

  dynamodb::TableDefinition events;
  events.name = prefix + "Events";
  events.key.hash = {"productId", ValueType::kS};
  events.key.range = KeyAttribute{"eventId", ValueType::kS};
  events.attribute_definitions = {{"productId", ValueType::kS},
                                  {"eventId", ValueType::kS},
                                  {"creator", ValueType::kS},
                                  {"photographer", ValueType::kS}};
  IndexDefinition by_creator;
  by_creator.name = "EventsByCreator";
  by_creator.key.hash = {"creator", ValueType::kS};
  by_creator.projection = ProjectionType::kKeysOnly;
  IndexDefinition by_photographer = by_creator;
  by_photographer.name = "EventsByPhotographer";
  by_photographer.key.hash = {"photographer", ValueType::kS};
  events.global_indexes = {by_creator, by_photographer};
  events.billing_mode = dynamodb::BillingMode::kPayPerRequest;
  STREAMLAB_RETURN_IF_ERROR(db.create_table(events).status());

  dynamodb::TableDefinition scores;
  scores.name = prefix + "Scores";
  scores.key.hash = {"userId", ValueType::kS};
  scores.key.range = KeyAttribute{"role", ValueType::kS};
  scores.attribute_definitions = {
      {"userId", ValueType::kS}, {"role", ValueType::kS}, {"score", ValueType::kN}};
  IndexDefinition by_role;
  by_role.name = "ScoresByRole";
  by_role.key.hash = {"role", ValueType::kS};
  by_role.key.range = KeyAttribute{"score", ValueType::kN};
  scores.global_indexes = {by_role};
  scores.billing_mode = dynamodb::BillingMode::kPayPerRequest;
  return db.create_table(scores).status();
}

}  // namespace streamlab::functions
