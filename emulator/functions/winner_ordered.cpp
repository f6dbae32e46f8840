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

// Contributions' key, interned once.
const dynamodb::AttributeName& product_id_name() {
  static const dynamodb::AttributeName kName("productId");
  return kName;
}

AttributeValue number(long long value) {
  return AttributeValue::number(Decimal::from_integer(value));
}

using Names = dynamodb::expressions::NameMap;
using Values = SmallSortedMap<AttributeValue>;

// The constant parts of the requests, built once: each call copies them
// (sorted already) instead of sorting a fresh list of literals per event.
// Read-only after their first use, so simulations on other threads share them.
const Names& registration_names(bool creator) {
  static const Names kCommon = {
      {"#c", "created"},    {"#cb", "createdBy"},          {"#u", "updated"},
      {"#ub", "updatedBy"}, {"#pe", "photographerExists"}, {"#lei", "lastEventId"}};
  static const Names kCreator = [] {
    Names names = kCommon;
    names["#role"] = "creator";
    names["#rs"] = "creatorScore";
    names["#ps"] = "photographerScore";
    return names;
  }();
  static const Names kPhotographer = [] {
    Names names = kCommon;
    names["#role"] = "photographer";
    names["#rs"] = "photographerScore";
    names["#cs"] = "creatorScore";
    names["#cr"] = "creator";
    return names;
  }();
  return creator ? kCreator : kPhotographer;
}

// A create (creator) or image (photographer) event.
dynamodb::UpdateItemInput registration(const Tables& tables, const EgressEvent& event) {
  const bool creator = event.kind == EgressEvent::Kind::kCreate;
  dynamodb::UpdateItemInput input{tables.contributions, {}, "", {}};
  input.key.emplace(product_id_name(), AttributeValue::string(event.product_id));
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
  input.options.substitutions.names = registration_names(creator);
  auto& values = input.options.substitutions.values;
  values.reserve(6);
  values[":now"] = AttributeValue::string(event.time_origin);
  values[":origin"] = AttributeValue::string(event.origin);
  values[":zero"] = number(0);
  values[":eventId"] = AttributeValue::string(event.event_id);
  if (creator) {
    values[":negative"] = number(-1);
  } else {
    values[":unknown"] = AttributeValue::string("UNKNOWN");
  }
  return input;
}

dynamodb::UpdateItemInput purchase(const Tables& tables, const EgressEvent& event) {
  dynamodb::UpdateItemInput input{tables.contributions, {}, "", {}};
  input.key.emplace(product_id_name(), AttributeValue::string(event.product_id));
  input.update =
      "SET #cs = if_not_exists(#cs, :zero) + :one, "
      "#ps = if_not_exists(#pe, if_not_exists(#ps, :zero)) + :one, "
      "#cr = if_not_exists(#cr, :unknown), #lei = :eventId";
  input.options.condition = "attribute_not_exists(#lei) OR #lei < :eventId";
  static const Names kNames = {{"#cs", "creatorScore"},
                               {"#ps", "photographerScore"},
                               {"#pe", "photographerExists"},
                               {"#cr", "creator"},
                               {"#lei", "lastEventId"}};
  static const Values kValues = {{":zero", number(0)},
                                 {":one", number(1)},
                                 {":unknown", AttributeValue::string("UNKNOWN")},
                                 {":eventId", AttributeValue()}};
  input.options.substitutions.names = kNames;
  input.options.substitutions.values = kValues;
  input.options.substitutions.values.find(":eventId")->second =
      AttributeValue::string(event.event_id);
  return input;
}

// Scores[user, role].score = the sum of <role>Score over the user's products,
// read from the role's GSI and written with a blind SET (the original's race).
// `user` is a string value (as read from Contributions: copies share its text).
Task<Status> recompute_score(InvocationContext& context, const Tables& tables, AttributeValue user,
                             std::string role) {
  auto* db = context.services().dynamodb;
  const bool creator = role == "creator";
  static const Names kCreatorNames = {{"#r", "creator"}};
  static const Names kPhotographerNames = {{"#r", "photographer"}};
  dynamodb::QueryInput query;
  query.table = tables.contributions;
  query.index = creator ? "ProductsByCreator" : "ProductsByPhotographer";
  query.key_condition = "#r = :u";
  query.substitutions.names = creator ? kCreatorNames : kPhotographerNames;
  query.substitutions.values.emplace(":u", user);
  dynamodb::DecimalSum sum;
  static const dynamodb::AttributeName kCreatorScore("creatorScore");
  static const dynamodb::AttributeName kPhotographerScore("photographerScore");
  const dynamodb::AttributeName score_attribute = creator ? kCreatorScore : kPhotographerScore;
  // The race's window, for the "sometimes" counts: open from the index read
  // (its first page) until the blind write takes effect.
  Occurrences* occurrences = context.services().occurrences;
  const std::string_view user_id = user.is(dynamodb::ValueType::kS) ? user.as_string() : "?";
  bool first_page = true;
  for (;;) {
    // By reference: the call runs while this frame waits for it (or not at all).
    auto query_call =
        context.call("dynamodb.Query", [db, &query, occurrences, &first_page, &role, user_id] {
          if (occurrences && first_page)
            occurrences->open_window("winner.score-recomputes-overlapped", {role, user_id});
          first_page = false;
          return db->query(query);
        });
    auto page = co_await query_call;
    if (!page.is_ok()) co_return page.error();
    for (const auto& row : page->items) {
      auto score = row->find_name(score_attribute);
      if (score == row->end() || !score->second.is(dynamodb::ValueType::kN)) continue;
      if (Status added = sum.add(score->second.as_number()); !added.is_ok()) co_return added;
    }
    if (!page->last_evaluated_key) break;
    query.exclusive_start_key = page->last_evaluated_key;
  }
  dynamodb::UpdateItemInput write{tables.scores, {}, "SET #s = :s", {}};
  static const dynamodb::AttributeName kUserId("userId"), kRole("role");
  static const Names kScoreNames = {{"#s", "score"}};
  write.key.reserve(2);
  write.key.emplace(kUserId, user);  // a copy shares the text: user_id stays valid
  write.key.emplace(kRole, AttributeValue::string(role));
  write.options.substitutions.names = kScoreNames;
  write.options.substitutions.values.emplace(":s", AttributeValue::number(sum.value()));
  auto write_call = context.call("dynamodb.UpdateItem", [db, &write, occurrences, &role, user_id] {
    if (occurrences)
      occurrences->close_window("winner.score-recomputes-overlapped", {role, user_id});
    return db->update_item(write);
  });
  auto written = co_await write_call;
  co_return written.status();
}

Task<Status> process(InvocationContext& context, const Tables& tables, const EgressEvent& event) {
  auto* db = context.services().dynamodb;
  const bool is_purchase = event.kind == EgressEvent::Kind::kPurchase;
  const dynamodb::UpdateItemInput input =
      is_purchase ? purchase(tables, event) : registration(tables, event);
  auto update_call =
      context.call("dynamodb.UpdateItem", [db, &input] { return db->update_item(input); });
  auto updated = co_await update_call;
  if (!updated.is_ok()) {
    if (updated.status().is("ConditionalCheckFailedException")) {
      context.log("already processed " + event.event_id + " for " + event.product_id + ": skipped");
      context.note_occurrence("winner.already-processed");
      co_return Status::ok();
    }
    co_return updated.error();
  }
  if (!is_purchase) co_return Status::ok();
  // Recompute the contributors' scores.
  dynamodb::GetItemInput get{tables.contributions, {}, true, "creator, photographer", {}};
  get.key.emplace(product_id_name(), AttributeValue::string(event.product_id));
  auto get_call = context.call("dynamodb.GetItem", [db, &get] { return db->get_item(get); });
  auto row = co_await get_call;
  if (!row.is_ok()) co_return row.error();
  if (!*row) co_return Status::ok();
  const dynamodb::Item& item = **row;
  static const dynamodb::AttributeName kCreator("creator"), kPhotographer("photographer");
  const auto creator = item.find_name(kCreator);
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
  if (auto photographer = item.find_name(kPhotographer); photographer != item.end()) {
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
      auto step = process(context, tables, *parsed);
      Status status = co_await step;
      if (!status.is_ok()) co_return status.error();  // the mapping retries the whole batch
      ++processed;
      if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
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
