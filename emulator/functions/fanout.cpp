// fanout (../shared/functions.md, "fanout"): forwards each source's records to
// its active targets, transformed ingress→egress, in blocks of ≤ 500 records
// and 5 MiB, one block in flight (parallel: false) or two (parallel: true).
#include <cmath>
#include <map>
#include <memory>
#include <utility>

#include "emulator/core/base64.h"
#include "emulator/dynamodb/attribute_json.h"
#include "emulator/functions/compact_json.h"
#include "emulator/functions/functions.h"
#include "emulator/functions/push_delivery.h"
#include "emulator/functions/query_pages.h"
#include "emulator/functions/string_keyed_table.h"
#include "emulator/kinesis/kinesis_service.h"

namespace streamlab::functions {
namespace {

using lambda::InvocationContext;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::size_t kBlockRecords = 500;
constexpr std::size_t kBlockBytes = std::size_t{5} * 1024 * 1024;
constexpr std::size_t kKinesisUnitBytes = std::size_t{1024} * 1024;
constexpr int kMaxTargetsAtOnce = 2;
constexpr int kMaxResendAttempts = 8;

struct Target {
  std::string id;
  std::string type;  // kinesis, lambda, http
  std::string destination;
  bool parallel = true;
};

struct OutRecord {
  std::string partition_key;
  std::string data;
  std::string sequence_number;  // of the source record (http targets send it)
  double arrival = 0;           // the source record's approximateArrivalTimestamp
};

struct Options {
  std::string targets_table;
  Duration refresh{std::chrono::seconds(300)};
  std::string partial_failures = "ignore";
  bool follow_last_evaluated_key = false;
  bool lenient_collapse = false;
};

Options options_of(InvocationContext& context) {
  const auto& env = context.environment();
  auto get = [&env](const char* name, const std::string& fallback) {
    auto it = env.find(name);
    return it == env.end() ? fallback : it->second;
  };
  Options options;
  options.targets_table = get("TARGETS_TABLE", context.function_name() + "Targets");
  options.refresh = std::chrono::seconds(std::stoll(get("CONFIG_REFRESH_SECONDS", "300")));
  options.partial_failures = get("PARTIAL_FAILURES", "ignore");
  options.follow_last_evaluated_key =
      get("PAGINATE_TARGETS", "exclusive-start-key") == "last-evaluated-key";
  options.lenient_collapse = get("COLLAPSE_VALIDATION", "original") == "lenient";
  return options;
}

// Module state of the original: the target cache, per execution environment.
struct CacheEntry {
  std::vector<Target> targets;
  TimePoint loaded;
};
struct State {
  std::map<std::pair<std::string, std::string>, CacheEntry> cache;  // (environment, source ARN)
};

// A target row as the original validates it; nullopt (with a logged error) when invalid.
std::optional<Target> parse_target(InvocationContext& context, const dynamodb::Item& row,
                                   const Options& options) {
  const auto text = [&row](const char* name) -> const dynamodb::AttributeValue* {
    auto it = row.find(name);
    return it == row.end() ? nullptr : &it->second;
  };
  Target target;
  const auto* id = text("id");
  const auto* type = text("type");
  const auto* destination = text("destination");
  const auto* parallel = text("parallel");
  const auto* collapse = text("collapse");
  const std::string where =
      "target " +
      (id && id->is(dynamodb::ValueType::kS) ? std::string(id->as_string()) : std::string("?"));
  if (!id || !id->is(dynamodb::ValueType::kS) || !type || !type->is(dynamodb::ValueType::kS) ||
      !destination || !destination->is(dynamodb::ValueType::kS)) {
    context.log("Invalid " + where + ": id, type and destination must be strings");
    return std::nullopt;
  }
  target.id = id->as_string();
  target.type = type->as_string();
  target.destination = destination->as_string();
  if (target.type != "kinesis" && target.type != "lambda" && target.type != "http") {
    context.log("Invalid " + where + ": unknown type " + target.type);
    return std::nullopt;
  }
  if (parallel && !parallel->is(dynamodb::ValueType::kBool)) {
    context.log("Invalid " + where + ": parallel must be a boolean");
    return std::nullopt;
  }
  target.parallel = parallel ? parallel->as_bool() : true;
  // The original's default for collapse is the boolean true, and validation
  // wants a string: rows without a string collapse are skipped.
  if (!options.lenient_collapse && (!collapse || !collapse->is(dynamodb::ValueType::kS))) {
    context.log("Invalid " + where + ": collapse must be a string");
    return std::nullopt;
  }
  return target;
}

Task<Result<std::vector<Target>>> load_targets(InvocationContext& context, const Options& options,
                                               const std::string& source_arn) {
  dynamodb::QueryInput query;
  query.table = options.targets_table;
  query.key_condition = "sourceArn = :s";
  query.filter = "#active = :true";
  query.substitutions.names["#active"] = "active";
  query.substitutions.values[":s"] = dynamodb::AttributeValue::string(source_arn);
  query.substitutions.values[":true"] = dynamodb::AttributeValue::boolean(true);
  // The original follows the response's ExclusiveStartKey, which DynamoDB
  // never returns: it stops after the first page.
  auto read = query_rows(context, std::move(query),
                         options.follow_last_evaluated_key ? Pages::kAll : Pages::kFirstOnly);
  auto rows = co_await read;
  if (!rows.is_ok()) co_return rows.error();
  std::vector<Target> targets;
  for (const auto& row : *rows) {
    if (auto target = parse_target(context, row, options)) targets.push_back(std::move(*target));
  }
  co_return targets;
}

// A record of the event: a Kinesis record, or a DynamoDB stream record (JSON).
struct InRecord {
  lambda::KinesisRecordPtr kinesis;
  const json* change = nullptr;  // the stream record; points into the event
  std::string source;            // eventSourceARN
};

// The event's records in order. A Kinesis mapping's event is typed already;
// a JSON event (an Invoke call's) is read record by record.
Result<std::vector<InRecord>> records_of(const lambda::Event& event) {
  std::vector<InRecord> out;
  if (const auto* typed = event.kinesis_records()) {
    out.reserve(typed->size());
    for (const auto& record : *typed) out.push_back({record, nullptr, record->origin->stream_arn});
    return out;
  }
  STREAMLAB_ASSIGN_OR_RETURN(const json* records, event.json_records());
  for (const auto& record : *records) {
    const std::string source = record.value("eventSourceARN", std::string());
    if (record.value("eventSource", "") == "aws:dynamodb") {
      out.push_back({nullptr, &record, source});
      continue;
    }
    auto kinesis = lambda::kinesis_record_from_json(record);
    if (!kinesis.is_ok()) return errors::make("SyntaxError", kinesis.error().message);
    out.push_back(
        {std::make_shared<const lambda::KinesisEventRecord>(std::move(*kinesis)), nullptr, source});
  }
  return out;
}

// A DynamoDB stream record becomes its NewImage (none for a REMOVE).
std::optional<OutRecord> transform_change(const json& record) {
  const json change =
      record.value("dynamodb", json::object());  // copies: value() returns a temporary
  if (!change.contains("NewImage")) return std::nullopt;
  const json keys = change.value("Keys", json::object());
  std::string key;
  for (const auto& [name, value] : keys.items()) {
    if (!key.empty()) key += "|";
    key += value.begin().value().is_string() ? value.begin().value().get<std::string>()
                                             : value.begin().value().dump();
  }
  return OutRecord{key, change["NewImage"].dump(), change.value("SequenceNumber", std::string()),
                   change.value("ApproximateCreationDateTime", 0.0)};
}

// The egress timestamps of one batch, each text made once: the batch is
// transformed at one instant (timeProcess), and its records arrived several
// to a millisecond (timeIngest).
class EgressTimes {
 public:
  explicit EgressTimes(TimePoint now) : process_(format_iso8601_millis(now)) {}
  const std::string& process() const { return process_; }
  const std::string& ingest(std::int64_t arrival_ms) {
    if (arrival_ms != ingest_ms_ || ingest_.empty()) {
      ingest_ms_ = arrival_ms;
      ingest_ = format_iso8601_millis(from_unix_millis(arrival_ms));
    }
    return ingest_;
  }

 private:
  std::string process_;
  std::int64_t ingest_ms_ = 0;
  std::string ingest_;
};

// ingress → egress for a Kinesis record.
// The original parses the record and stringifies it with four fields set;
// records already in compact form are rewritten as text (the same bytes).
// `event_id` is scratch for the record's eventID (one buffer for a whole batch).
Result<OutRecord> transform_kinesis(const lambda::KinesisEventRecord& record, EgressTimes& times,
                                    std::string& event_id) {
  record.write_event_id(event_id);
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
      {"eventId", event_id},
      {"timeIngest", times.ingest(record.arrival_ms)},
      {"timeProcess", times.process()}};
  OutRecord out{record.partition_key, "", record.sequence_number,
                static_cast<double>(record.arrival_ms) / 1000.0};
  if (auto rewritten = set_top_level_strings(record.data, fields)) {
    out.data = std::move(*rewritten);
    return out;
  }
  ordered_json event = ordered_json::parse(record.data.view(), nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    return errors::make("SyntaxError", "Unexpected token in JSON: record " + event_id);
  }
  for (const auto& [name, value] : fields) event[std::string(name)] = value;
  out.data = event.dump();
  return out;
}

// What the harness's "sometimes" counts need to see of a target's blocks:
// how many are in flight, and the latest-built block that has landed.
struct BlockRace {
  int in_flight = 0;
  bool any_landed = false;
  std::size_t latest_landed = 0;
};

// Sends one block with PutRecords, handling per-record failures per
// PARTIAL_FAILURES. With `deferred`, resend-failed collects the failed records
// there instead of resending them now (the naive fix resends them after the
// other blocks, so later records of the same key can land first). `race` and
// `block_index` place the block among its target's blocks (null for a resend
// of deferred records, which is not a block of the split).
Task<Status> send_kinesis_block(InvocationContext& context, const Options& options,
                                std::string stream, std::vector<OutRecord> block,
                                std::vector<OutRecord>* deferred, BlockRace* race = nullptr,
                                std::size_t block_index = 0) {
  std::vector<OutRecord> pending = std::move(block);
  Duration backoff = std::chrono::milliseconds(200);
  // The original's default (ignore) never resends, so the block's records are
  // handed over rather than copied; the resending modes keep them.
  const bool may_resend = options.partial_failures != "ignore";
  for (int attempt = 0;; ++attempt) {
    std::vector<kinesis::PutRecordsEntry> entries;
    entries.reserve(pending.size());
    for (auto& record : pending) {
      if (may_resend)
        entries.push_back({record.data, record.partition_key, std::nullopt});
      else
        entries.push_back({std::move(record.data), std::move(record.partition_key), std::nullopt});
    }
    auto kinesis = context.services().kinesis;
    // The block lands when its first PutRecords takes effect.
    BlockRace* landing = attempt == 0 ? race : nullptr;
    Occurrences* occurrences = context.services().occurrences;
    auto put_call =
        context.call("kinesis.PutRecords", [kinesis, stream, entries = std::move(entries), landing,
                                            block_index, occurrences]() mutable {
          if (landing) {
            if (landing->any_landed && block_index < landing->latest_landed && occurrences)
              occurrences->note("fanout.blocks-landed-out-of-order");
            landing->latest_landed = std::max(landing->latest_landed, block_index);
            landing->any_landed = true;
          }
          return kinesis->put_records(stream, std::move(entries));
        });
    auto result = co_await put_call;
    if (!result.is_ok()) co_return result.error();  // a failed call fails the invocation
    if (result->failed_record_count == 0) co_return Status::ok();
    context.note_occurrence("fanout.records-failed", result->failed_record_count);
    if (options.partial_failures == "ignore") {
      context.note_occurrence("fanout.records-not-resent", result->failed_record_count);
      // The original treats the call as a success: these records are lost.
      context.log("PutRecords to " + stream + ": " + std::to_string(result->failed_record_count) +
                  " records failed and are not resent");
      co_return Status::ok();
    }
    if (attempt + 1 >= kMaxResendAttempts) {
      co_return errors::make("ProvisionedThroughputExceededException",
                             std::to_string(result->failed_record_count) +
                                 " records still failing after " +
                                 std::to_string(kMaxResendAttempts) + " attempts to " + stream);
    }
    std::vector<OutRecord> again;
    if (options.partial_failures == "resend-failed" && deferred) {
      for (std::size_t i = 0; i < pending.size(); ++i) {
        if (!result->records[i].error_code.empty()) deferred->push_back(pending[i]);
      }
      context.log("PutRecords to " + stream + ": " + std::to_string(result->failed_record_count) +
                  " records failed; resending them after the other blocks");
      co_return Status::ok();
    }
    if (options.partial_failures == "resend-failed") {
      // The naive fix: only the failed records, after the others already landed.
      for (std::size_t i = 0; i < pending.size(); ++i) {
        if (!result->records[i].error_code.empty()) again.push_back(pending[i]);
      }
    } else {
      // resend-in-order: for each key, everything from its first failure on.
      std::map<std::string, std::size_t> first_failure;
      for (std::size_t i = 0; i < pending.size(); ++i) {
        if (!result->records[i].error_code.empty())
          first_failure.try_emplace(pending[i].partition_key, i);
      }
      for (std::size_t i = 0; i < pending.size(); ++i) {
        auto it = first_failure.find(pending[i].partition_key);
        if (it != first_failure.end() && i >= it->second) again.push_back(pending[i]);
      }
    }
    context.log("PutRecords to " + stream + ": resending " + std::to_string(again.size()) +
                " records (" + options.partial_failures + ")");
    context.note_occurrence("fanout.records-resent", again.size());
    pending = std::move(again);
    auto pause = context.wait(backoff);
    co_await pause;
    backoff = std::min<Duration>(backoff * 2, std::chrono::seconds(2));
  }
}

Task<Status> send_to_target(InvocationContext& context, const Options& options, Target target,
                            std::vector<OutRecord> records) {
  if (target.type == "http") {
    // One POST per record, in order, to the subscriber's /events (the push
    // consumer's protocol); the channel is the record's event type.
    for (const auto& record : records) {
      const json data = json::parse(record.data, nullptr, false);
      push::PushedEvent pushed{data.is_discarded() ? "" : push::channel_of(data),
                               record.sequence_number, record.data, record.arrival};
      auto post =
          deliver_push(context, events_url(target.destination), pushed, kDefaultPushTimeout);
      Status sent = co_await post;
      if (!sent.is_ok()) co_return sent;
    }
    co_return Status::ok();
  }
  if (target.type == "lambda") {
    json event = {{"Records", json::array()}};
    for (const auto& record : records) {
      event["Records"].push_back(
          {{"partitionKey", record.partition_key}, {"data", base64_encode(record.data)}});
    }
    auto lambda = context.services().lambda;
    auto invoke_call = context.call("lambda.Invoke", [lambda, target, event] {
      return lambda->invoke_event(target.destination, event);
    });
    Status queued = co_await invoke_call;
    co_return queued;
  }
  std::string stream = target.destination;
  if (stream.rfind("arn:", 0) == 0) {
    auto name = context.services().kinesis->stream_name_from_arn(stream);
    if (!name.is_ok()) co_return name.error();
    stream = *name;
  }
  // Blocks of at most 500 records and 5 MiB; records over the 1 MiB unit are dropped.
  std::vector<std::vector<OutRecord>> blocks(1);
  std::size_t block_bytes = 0;
  for (auto& record : records) {
    const std::size_t size = record.data.size() + record.partition_key.size();
    if (size > kKinesisUnitBytes) {
      context.log("Dropping a record of " + std::to_string(size) +
                  " bytes: over the 1 MiB unit of " + stream);
      continue;
    }
    if (blocks.back().size() == kBlockRecords || block_bytes + size > kBlockBytes) {
      blocks.emplace_back();
      block_bytes = 0;
    }
    block_bytes += size;
    blocks.back().push_back(std::move(record));
  }
  if (blocks.back().empty()) blocks.pop_back();
  // parallel: false posts one block at a time; true keeps two in flight, so
  // two blocks can land in either order.
  auto next = std::make_shared<std::size_t>(0);
  auto status = std::make_shared<Status>();
  auto deferred = std::make_shared<std::vector<OutRecord>>();
  auto race = std::make_shared<BlockRace>();
  auto worker = [&context, &options, &blocks, next, status, deferred, race,
                 stream]() -> Task<void> {
    while (*next < blocks.size() && status->is_ok()) {
      const std::size_t index = (*next)++;
      const std::size_t block_size = blocks[index].size();
      if (++race->in_flight == 2) context.note_occurrence("fanout.blocks-in-flight-together");
      auto send = send_kinesis_block(context, options, stream, std::move(blocks[index]),
                                     deferred.get(), race.get(), index);
      Status sent = co_await send;
      --race->in_flight;
      if (sent.is_ok()) sent = context.records_done(block_size);
      if (!sent.is_ok() && status->is_ok()) *status = sent;
    }
  };
  std::vector<Task<void>> workers;
  workers.reserve(2);
  for (int i = 0; i < (target.parallel ? 2 : 1); ++i) workers.push_back(worker());
  auto all = when_all(context.scheduler(), std::move(workers), context.liveness());
  co_await all;
  // The naive fix's deferred records, resent after the other blocks, in
  // blocks of at most 500 (a PutRecords limit).
  for (std::size_t first = 0; status->is_ok() && first < deferred->size(); first += kBlockRecords) {
    const auto begin = deferred->begin() + static_cast<std::ptrdiff_t>(first);
    const auto end = deferred->begin() +
                     static_cast<std::ptrdiff_t>(std::min(deferred->size(), first + kBlockRecords));
    context.note_occurrence("fanout.records-resent", static_cast<std::uint64_t>(end - begin));
    auto resend =
        send_kinesis_block(context, options, stream, std::vector<OutRecord>(begin, end), nullptr);
    Status resent = co_await resend;
    if (!resent.is_ok()) *status = resent;
  }
  co_return *status;
}

}  // namespace

lambda::Handler fanout() {
  auto state = std::make_shared<State>();
  return [state](InvocationContext& context, lambda::Event event) -> Task<lambda::HandlerResult> {
    const Options options = options_of(context);
    auto records = records_of(event);
    if (!records.is_ok()) co_return records.error();
    // 1. Group by source, keeping order.
    std::vector<std::string> sources;
    std::map<std::string, std::vector<const InRecord*>> by_source;
    for (const auto& record : *records) {
      if (!by_source.count(record.source)) sources.push_back(record.source);
      by_source[record.source].push_back(&record);
    }
    std::size_t forwarded = 0;
    for (const auto& source : sources) {
      // 2. Targets, cached per execution environment for the refresh delay.
      auto& entry = state->cache[{context.environment_id(), source}];
      if (entry.loaded == TimePoint{} ||
          context.scheduler().now() - entry.loaded >= options.refresh) {
        auto load = load_targets(context, options, source);
        auto loaded = co_await load;
        if (!loaded.is_ok()) co_return loaded.error();
        auto& fresh = state->cache[{context.environment_id(), source}];
        fresh.targets = std::move(*loaded);
        fresh.loaded = context.scheduler().now();
      }
      const std::vector<Target> targets = state->cache[{context.environment_id(), source}].targets;
      if (targets.empty()) {
        context.log("no output subscribers");  // the records are consumed and never forwarded
        context.note_occurrence("fanout.no-output-subscribers");
        continue;
      }
      // 3. Transform.
      std::vector<OutRecord> transformed;
      transformed.reserve(by_source[source].size());
      EgressTimes times(context.scheduler().now());  // no step runs until the loop ends
      std::string event_id;
      for (const InRecord* record : by_source[source]) {
        if (record->change) {
          if (Status fault = context.before_record(record->change->dump()); !fault.is_ok())
            co_return fault.error();
          if (auto out = transform_change(*record->change)) transformed.push_back(std::move(*out));
          continue;
        }
        if (Status fault = context.before_record(record->kinesis->data); !fault.is_ok())
          co_return fault.error();
        auto out = transform_kinesis(*record->kinesis, times, event_id);
        if (!out.is_ok()) co_return out.error();
        transformed.push_back(std::move(*out));
      }
      const std::size_t transformed_count = transformed.size();  // the last send takes them
      // 4. At most two targets at once.
      auto next = std::make_shared<std::size_t>(0);
      auto status = std::make_shared<Status>();
      auto worker = [&context, &options, &targets, &transformed, next, status]() -> Task<void> {
        while (*next < targets.size() && status->is_ok()) {
          const Target& target = targets[(*next)++];
          // A coroutine copies its arguments when called, so the sends already
          // started hold their own records: the last target can take these.
          const bool last = *next == targets.size();
          auto send = send_to_target(context, options, target,
                                     last ? std::exchange(transformed, {}) : transformed);
          Status sent = co_await send;
          if (!sent.is_ok() && status->is_ok()) *status = sent;
        }
      };
      std::vector<Task<void>> workers;
      workers.reserve(kMaxTargetsAtOnce);
      for (int i = 0; i < std::min<int>(kMaxTargetsAtOnce, static_cast<int>(targets.size())); ++i) {
        workers.push_back(worker());
      }
      auto all = when_all(context.scheduler(), std::move(workers), context.liveness());
      co_await all;
      if (!status->is_ok()) co_return status->error();
      forwarded += transformed_count * targets.size();
    }
    co_return json{{"forwarded", forwarded}};
  };
}

Status create_fanout_targets_table(dynamodb::DynamoDbService& db,
                                   const std::string& function_name) {
  return create_string_keyed_table(db, function_name + "Targets", "sourceArn", "id");
}

}  // namespace streamlab::functions
