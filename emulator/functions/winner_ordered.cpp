// winner, ordered (../shared/functions.md): the lesson that assumes records
// arrive in order. Every DynamoDB request is the original's, awaited through
// the invocation context so concurrent invocations interleave as on AWS.
#include "emulator/functions/egress_event.h"
#include "emulator/functions/functions.h"

namespace streamlab::functions {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Decimal;
using lambda::InvocationContext;
using nlohmann::json;

struct Tables {
  std::string contributions = "Contributions";
  std::string scores = "Scores";
};

Tables tables_of(InvocationContext& context) {
  Tables tables;
  const auto& env = context.environment();
  if (auto it = env.find("CONTRIBUTIONS_TABLE"); it != env.end()) tables.contributions = it->second;
  if (auto it = env.find("SCORES_TABLE"); it != env.end()) tables.scores = it->second;
  return tables;
}

AttributeValue number(long long value) {
  return AttributeValue::number(Decimal::from_integer(value));
}

// A create (creator) or image (photographer) event.
dynamodb::UpdateItemInput registration(const Tables& tables, const EgressEvent& event) {
  const bool creator = event.kind == EgressEvent::Kind::kCreate;
  const std::string role = creator ? "creator" : "photographer";
  dynamodb::UpdateItemInput input{tables.contributions, {}, "", {}};
  input.key["productId"] = AttributeValue::string(event.product_id);
  input.update =
      creator
          ? "SET #c = if_not_exists(#c, :now), #cb = if_not_exists(#cb, :origin), #u = :now, #ub = "
            ":origin, "
            "#role = if_not_exists(#role, :origin), #rs = if_not_exists(#rs, :zero), "
            "#ps = if_not_exists(#ps, :zero), #pe = :negative, #lei = :eventId"
          : "SET #c = if_not_exists(#c, :now), #cb = if_not_exists(#cb, :origin), #u = :now, #ub = "
            ":origin, "
            "#role = if_not_exists(#role, :origin), #rs = if_not_exists(#rs, :zero), "
            "#cs = if_not_exists(#cs, :zero), #cr = if_not_exists(#cr, :unknown), #lei = :eventId "
            "REMOVE #pe";
  input.options.condition = "attribute_not_exists(#lei) OR #lei < :eventId";
  auto& names = input.options.substitutions.names;
  names = {{"#c", "created"},
           {"#cb", "createdBy"},
           {"#u", "updated"},
           {"#ub", "updatedBy"},
           {"#role", role},
           {"#rs", role + "Score"},
           {"#pe", "photographerExists"},
           {"#lei", "lastEventId"}};
  auto& values = input.options.substitutions.values;
  values.reserve(6);
  values[":now"] = AttributeValue::string(event.time_origin);
  values[":origin"] = AttributeValue::string(event.origin);
  values[":zero"] = number(0);
  values[":eventId"] = AttributeValue::string(event.event_id);
  if (creator) {
    names["#ps"] = "photographerScore";
    values[":negative"] = number(-1);
  } else {
    names["#cs"] = "creatorScore";
    names["#cr"] = "creator";
    values[":unknown"] = AttributeValue::string("UNKNOWN");
  }
  return input;
}

dynamodb::UpdateItemInput purchase(const Tables& tables, const EgressEvent& event) {
  dynamodb::UpdateItemInput input{tables.contributions, {}, "", {}};
  input.key["productId"] = AttributeValue::string(event.product_id);
  input.update =
      "SET #cs = if_not_exists(#cs, :zero) + :one, "
      "#ps = if_not_exists(#pe, if_not_exists(#ps, :zero)) + :one, "
      "#cr = if_not_exists(#cr, :unknown), #lei = :eventId";
  input.options.condition = "attribute_not_exists(#lei) OR #lei < :eventId";
  input.options.substitutions.names = {{"#cs", "creatorScore"},
                                       {"#ps", "photographerScore"},
                                       {"#pe", "photographerExists"},
                                       {"#cr", "creator"},
                                       {"#lei", "lastEventId"}};
  auto& values = input.options.substitutions.values;
  values.reserve(4);
  values[":zero"] = number(0);
  values[":one"] = number(1);
  values[":unknown"] = AttributeValue::string("UNKNOWN");
  values[":eventId"] = AttributeValue::string(event.event_id);
  return input;
}

// Scores[user, role].score = the sum of <role>Score over the user's products,
// read from the role's GSI and written with a blind SET (the original's race).
// `user` is a string value (as read from Contributions: copies share its text).
Task<Status> recompute_score(InvocationContext& context, const Tables& tables, AttributeValue user,
                             std::string role) {
  auto* db = context.services().dynamodb;
  dynamodb::QueryInput query;
  query.table = tables.contributions;
  query.index = role == "creator" ? "ProductsByCreator" : "ProductsByPhotographer";
  query.key_condition = "#r = :u";
  query.substitutions.names["#r"] = role;
  query.substitutions.values[":u"] = user;
  Decimal sum;
  const dynamodb::AttributeName score_attribute(role + "Score");  // interned once, for every row
  for (;;) {
    // By reference: the call runs while this frame waits for it (or not at all).
    auto query_call = context.call("dynamodb.Query", [db, &query] { return db->query(query); });
    auto page = co_await query_call;
    if (!page.is_ok()) co_return page.error();
    for (const auto& row : page->items) {
      auto score = row->find_name(score_attribute);
      if (score == row->end() || !score->second.is(dynamodb::ValueType::kN)) continue;
      auto added = sum.plus(score->second.as_number());
      if (!added.is_ok()) co_return added.error();
      sum = *added;
    }
    if (!page->last_evaluated_key) break;
    query.exclusive_start_key = page->last_evaluated_key;
  }
  dynamodb::UpdateItemInput write{tables.scores, {}, "SET #s = :s", {}};
  write.key.reserve(2);
  write.key["userId"] = std::move(user);
  write.key["role"] = AttributeValue::string(role);
  write.options.substitutions.names["#s"] = "score";
  write.options.substitutions.values[":s"] = AttributeValue::number(sum);
  auto write_call = context.call("dynamodb.UpdateItem",
                                 [db, input = std::move(write)] { return db->update_item(input); });
  auto written = co_await write_call;
  co_return written.status();
}

Task<Status> process(InvocationContext& context, const Tables& tables, const EgressEvent& event) {
  auto* db = context.services().dynamodb;
  const bool is_purchase = event.kind == EgressEvent::Kind::kPurchase;
  auto update_call = context.call(
      "dynamodb.UpdateItem",
      [db, input = is_purchase ? purchase(tables, event) : registration(tables, event)] {
        return db->update_item(input);
      });
  auto updated = co_await update_call;
  if (!updated.is_ok()) {
    if (updated.status().is("ConditionalCheckFailedException")) {
      context.log("already processed " + event.event_id + " for " + event.product_id + ": skipped");
      co_return Status::ok();
    }
    co_return updated.error();
  }
  if (!is_purchase) co_return Status::ok();
  // Recompute the contributors' scores.
  dynamodb::GetItemInput get{tables.contributions, {}, true, "creator, photographer", {}};
  get.key["productId"] = AttributeValue::string(event.product_id);
  auto get_call = context.call("dynamodb.GetItem", [db, &get] { return db->get_item(get); });
  auto row = co_await get_call;
  if (!row.is_ok()) co_return row.error();
  if (!*row) co_return Status::ok();
  const dynamodb::Item& item = **row;
  const auto creator = item.find("creator");
  const AttributeValue creator_id =
      creator == item.end() ? AttributeValue::string("UNKNOWN") : creator->second;
  auto creator_score = recompute_score(context, tables, creator_id, "creator");
  Status scored = co_await creator_score;
  if (!scored.is_ok()) co_return scored;
  if (creator_id.as_string() == "UNKNOWN") {
    dynamodb::UpdateItemInput mark{tables.contributions, get.key, "SET #p = :unknown", {}};
    mark.options.substitutions.names["#p"] = "photographer";
    mark.options.substitutions.values[":unknown"] = AttributeValue::string("UNKNOWN");
    auto mark_call =
        context.call("dynamodb.UpdateItem", [db, &mark] { return db->update_item(mark); });
    auto marked = co_await mark_call;
    if (!marked.is_ok()) co_return marked.error();
    auto unknown_score =
        recompute_score(context, tables, AttributeValue::string("UNKNOWN"), "photographer");
    Status done = co_await unknown_score;
    co_return done;
  }
  if (auto photographer = item.find("photographer"); photographer != item.end()) {
    auto photographer_score =
        recompute_score(context, tables, photographer->second, "photographer");
    Status done = co_await photographer_score;
    co_return done;
  }
  co_return Status::ok();
}

}  // namespace

lambda::Handler winner_ordered() {
  return [](InvocationContext& context, lambda::Event event) -> Task<lambda::HandlerResult> {
    const Tables tables = tables_of(context);
    auto records = egress_records_of(event);
    if (!records.is_ok()) co_return records.error();
    std::size_t processed = 0;
    for (const auto& record : *records) {  // one after another
      if (!record.event) {
        context.log("invalid event " + record.event_id + ": " + record.error + "; skipped");
        continue;
      }
      const auto& parsed = record.event;
      auto step = process(context, tables, *parsed);
      Status status = co_await step;
      if (!status.is_ok()) co_return status.error();  // the mapping retries the whole batch
      ++processed;
    }
    co_return json{{"processed", processed}};
  };
}

Status create_winner_ordered_tables(dynamodb::DynamoDbService& db) {
  using dynamodb::IndexDefinition;
  using dynamodb::KeyAttribute;
  using dynamodb::ProjectionType;
  using dynamodb::ValueType;
  dynamodb::TableDefinition contributions;
  contributions.name = "Contributions";
  contributions.key.hash = {"productId", ValueType::kS};
  contributions.attribute_definitions = {
      {"productId", ValueType::kS}, {"creator", ValueType::kS}, {"photographer", ValueType::kS}};
  IndexDefinition by_creator;
  by_creator.name = "ProductsByCreator";
  by_creator.key.hash = {"creator", ValueType::kS};
  by_creator.projection = ProjectionType::kInclude;
  by_creator.non_key_attributes = {"productId", "creatorScore"};
  IndexDefinition by_photographer = by_creator;
  by_photographer.name = "ProductsByPhotographer";
  by_photographer.key.hash = {"photographer", ValueType::kS};
  by_photographer.non_key_attributes = {"productId", "photographerScore"};
  contributions.global_indexes = {by_creator, by_photographer};
  contributions.billing_mode = dynamodb::BillingMode::kPayPerRequest;
  STREAMLAB_RETURN_IF_ERROR(db.create_table(contributions).status());

  dynamodb::TableDefinition scores;
  scores.name = "Scores";
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
