// ../shared/functions.md, "fanout": behaviour of the original, quirks
// included, and the corrected behaviour behind its options.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "emulator/core/base64.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/kinesis/sequence_number.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using std::chrono::seconds;

struct Topology {
  explicit Topology(std::uint64_t seed, bool limits = false, LatencyModel latencies = {})
      : scheduler({.seed = seed, .latencies = std::move(latencies)}),
        kinesis(scheduler,
                [limits] {
                  kinesis::KinesisOptions options;
                  options.limits_enabled = limits;
                  return options;
                }()),
        db(scheduler, dynamodb::DynamoDbOptions{}),
        logs(scheduler),
        lambda(scheduler, AwsIdentity{}, logs),
        mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db) {
    lambda.set_services({&kinesis, &db, &logs, &lambda});
    register_functions(lambda);
    EXPECT_TRUE(kinesis.create_stream("core", 2).is_ok());
    EXPECT_TRUE(kinesis.create_stream("local", 1).is_ok());
    const Status table = create_fanout_targets_table(db, "fanout");
    EXPECT_TRUE(table.is_ok()) << table.to_string();
    scheduler.run_for(seconds(1));
  }

  void function(std::map<std::string, std::string> environment = {},
                Duration timeout = seconds(60)) {
    lambda::FunctionConfig config{"fanout", "fanout"};
    config.environment = std::move(environment);
    config.timeout = timeout;
    const auto created = lambda.create_function(config);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
  }
  void target(const std::string& id, const std::string& destination, bool active, bool parallel,
              std::optional<std::string> collapse = std::string("none"), std::size_t padding = 0) {
    dynamodb::Item row;
    row["sourceArn"] =
        dynamodb::AttributeValue::string(kinesis.identity().kinesis_stream_arn("core"));
    row["id"] = dynamodb::AttributeValue::string(id);
    row["type"] = dynamodb::AttributeValue::string("kinesis");
    row["destination"] = dynamodb::AttributeValue::string(destination);
    row["active"] = dynamodb::AttributeValue::boolean(active);
    row["parallel"] = dynamodb::AttributeValue::boolean(parallel);
    if (collapse) row["collapse"] = dynamodb::AttributeValue::string(*collapse);
    if (padding) row["padding"] = dynamodb::AttributeValue::string(std::string(padding, 'x'));
    EXPECT_TRUE(db.put_item({"fanoutTargets", row, {}}).is_ok());
  }
  void hook(std::size_t batch_size, int max_retries = -1) {
    lambda::esm::MappingConfig config;
    config.function_name = "fanout";
    config.event_source_arn = kinesis.identity().kinesis_stream_arn("core");
    config.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
    config.batch_size = batch_size;
    config.maximum_retry_attempts = max_retries;
    EXPECT_TRUE(mappings.create(config).is_ok());
  }
  // Ingress events: product i % products, purchase number i.
  void produce(int count, int products) {
    for (int i = 0; i < count; ++i) {
      const std::string product = "p" + std::to_string(i % products);
      json ingress = {
          {"schema", "com.nordstrom/retail-stream-ingress/1-0-0"},
          {"origin", "hello-retail/web-client-purchase-product/buyer/Buyer"},
          {"timeOrigin", "2017-03-28T23:29:23.160Z"},
          {"data",
           {{"schema", "com.nordstrom/product/purchase/1-0-0"}, {"id", product}, {"n", i}}}};
      EXPECT_TRUE(kinesis.put_record("core", {ingress.dump(), product, std::nullopt, std::nullopt})
                      .is_ok());
    }
  }
  std::vector<json> read(const std::string& stream) {
    std::vector<json> out;
    auto described = kinesis.describe_stream(stream);
    for (const auto& shard : described->shards) {
      auto iterator =
          kinesis.get_shard_iterator({stream, shard.shard_id, kinesis::IteratorType::kTrimHorizon});
      while (iterator.is_ok()) {
        auto page = kinesis.get_records(*iterator, 10000);
        if (!page.is_ok() || page->records.empty()) break;
        for (const auto& view : page->records) {
          json event = json::parse(view.record->data);
          event["_partitionKey"] = view.record->partition_key;
          out.push_back(std::move(event));
        }
        if (!page->next_shard_iterator) break;
        iterator = *page->next_shard_iterator;
      }
    }
    return out;
  }
  // True when some product's purchases arrived out of order.
  static bool reordered(const std::vector<json>& events) {
    std::map<std::string, int> last;
    for (const auto& event : events) {
      const std::string product = event["data"]["id"];
      const int n = event["data"]["n"];
      if (last.count(product) && n < last[product]) return true;
      last[product] = n;
    }
    return false;
  }

  SimulatedScheduler scheduler;
  kinesis::KinesisService kinesis;
  dynamodb::DynamoDbService db;
  logs::LogsService logs;
  lambda::LambdaService lambda;
  lambda::esm::EventSourceMappings mappings;
};

TEST(FanoutTest, ForwardsToActiveTargetsOnlyWithTheEgressTransform) {
  Topology t(1);
  ASSERT_TRUE(t.kinesis.create_stream("elsewhere", 1).is_ok());
  t.scheduler.run_for(seconds(1));
  t.function();
  t.target("local", t.kinesis.identity().kinesis_stream_arn("local"), true, false);
  t.target("inactive", "elsewhere", false, false);
  t.hook(100);
  t.produce(10, 3);
  t.scheduler.run_for(seconds(10));
  const auto local = t.read("local");
  ASSERT_EQ(local.size(), 10u);
  EXPECT_TRUE(t.read("elsewhere").empty());
  const json& event = local[0];
  EXPECT_EQ(event["schema"], "com.nordstrom/retail-stream-egress/1-0-0");
  EXPECT_EQ(event["origin"], "hello-retail/web-client-purchase-product/buyer/Buyer");
  EXPECT_EQ(event["_partitionKey"], event["data"]["id"]);  // the partition key is kept
  EXPECT_EQ(event["eventId"].get<std::string>().rfind("shardId-00000000000", 0), 0u);
  EXPECT_EQ(event["timeIngest"].get<std::string>().size(), 24u);
  EXPECT_EQ(event["timeProcess"].get<std::string>().size(), 24u);
  // Exactly the egress fields, nothing else.
  std::set<std::string> fields;
  for (const auto& [key, value] : event.items()) {
    if (key != "_partitionKey") fields.insert(key);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"schema", "origin", "timeOrigin", "data", "eventId",
                                           "timeIngest", "timeProcess"}));
  EXPECT_FALSE(Topology::reordered(local));
}

// Every active target gets every record (two targets are sent to at once, so
// with three, one send starts after another ends), and the result counts a
// record once per target.
TEST(FanoutTest, EveryActiveTargetGetsEveryRecord) {
  Topology t(3);
  ASSERT_TRUE(t.kinesis.create_stream("second", 1).is_ok());
  ASSERT_TRUE(t.kinesis.create_stream("third", 2).is_ok());
  t.scheduler.run_for(seconds(1));
  t.function();
  t.target("a", t.kinesis.identity().kinesis_stream_arn("local"), true, false);
  t.target("b", "second", true, false);
  t.target("c", "third", true, true);
  t.produce(12, 4);
  auto described = t.kinesis.describe_stream("core");
  ASSERT_TRUE(described.is_ok());
  std::vector<json> records;
  for (const auto& shard : described->shards) {
    auto iterator =
        t.kinesis.get_shard_iterator({"core", shard.shard_id, kinesis::IteratorType::kTrimHorizon});
    ASSERT_TRUE(iterator.is_ok());
    auto page = t.kinesis.get_records(*iterator, 100);
    ASSERT_TRUE(page.is_ok());
    for (const auto& view : page->records) {
      lambda::KinesisEventRecord record;
      record.data = std::string(view.record->data);
      record.partition_key = std::string(view.record->partition_key);
      record.sequence_number = kinesis::format_sequence_number(view.sequence_number);
      record.arrival_ms = view.record->arrival_ms;
      record.origin = std::make_shared<lambda::KinesisRecordOrigin>(lambda::KinesisRecordOrigin{
          shard.shard_id, t.kinesis.identity().kinesis_stream_arn("core"), "role", "r"});
      records.push_back(record.to_json());
    }
  }
  ASSERT_EQ(records.size(), 12u);
  std::optional<Result<lambda::InvokeResult>> result;
  t.lambda.invoke("fanout", json{{"Records", records}},
                  [&result](Result<lambda::InvokeResult> out) { result.emplace(std::move(out)); });
  t.scheduler.run_for(seconds(10));
  ASSERT_TRUE(result && result->is_ok());
  EXPECT_EQ((*result)->payload, json({{"forwarded", 36}})) << (*result)->payload.dump();
  for (const char* stream : {"local", "second", "third"}) {
    const auto out = t.read(stream);
    std::multiset<int> numbers;
    for (const auto& event : out) numbers.insert(event["data"]["n"].get<int>());
    EXPECT_EQ(numbers.size(), 12u) << stream;
    for (int n = 0; n < 12; ++n) EXPECT_EQ(numbers.count(n), 1u) << stream << " record " << n;
  }
}

// timeIngest is each record's own arrival, timeProcess the moment its batch
// was transformed — formatted once per batch and per arrival millisecond.
TEST(FanoutTest, EachRecordCarriesItsOwnArrivalAsTimeIngest) {
  Topology t(1);
  t.function();
  t.target("local", t.kinesis.identity().kinesis_stream_arn("local"), true, false);
  t.hook(100);
  for (int i = 0; i < 6; ++i) {
    t.produce(1, 1);
    if (i % 2 == 1) t.scheduler.run_for(std::chrono::milliseconds(3));  // two per millisecond
  }
  std::vector<std::string> arrivals;  // of the core records, in order (one shard, one key)
  {
    auto iterator = t.kinesis.get_shard_iterator(
        {"core", "shardId-000000000000", kinesis::IteratorType::kTrimHorizon});
    auto page = t.kinesis.get_records(*iterator, 100);
    ASSERT_TRUE(page.is_ok());
    for (const auto& view : page->records)
      arrivals.push_back(format_iso8601_millis(from_unix_millis(view.record->arrival_ms)));
  }
  ASSERT_EQ(arrivals.size(), 6u);
  t.scheduler.run_for(seconds(10));
  const auto local = t.read("local");
  ASSERT_EQ(local.size(), 6u);
  std::set<std::string> ingests;
  for (std::size_t i = 0; i < local.size(); ++i) {
    EXPECT_EQ(local[i]["timeIngest"], arrivals[i]) << i;
    ingests.insert(local[i]["timeIngest"].get<std::string>());
    EXPECT_EQ(local[i]["timeProcess"], local[0]["timeProcess"]);  // one batch, one instant
    EXPECT_GE(local[i]["timeProcess"].get<std::string>(),
              local[i]["timeIngest"].get<std::string>());
  }
  EXPECT_EQ(ingests.size(), 3u);  // three distinct arrival milliseconds
}

// `aws lambda invoke` with JSON (not a mapping's typed records): Kinesis
// records are decoded and transformed the same way; a DynamoDB stream record
// becomes its NewImage.
TEST(FanoutTest, AJsonEventFromInvokeIsForwardedLikeAMappingsEvent) {
  Topology t(1);
  t.function();
  t.target("local", t.kinesis.identity().kinesis_stream_arn("local"), true, false);
  lambda::KinesisEventRecord record;
  record.data = json{{"schema", "com.nordstrom/retail-stream-ingress/1-0-0"},
                     {"origin", "hello-retail/web-client-purchase-product/buyer/Buyer"},
                     {"timeOrigin", "2017-03-28T23:29:23.160Z"},
                     {"data", {{"schema", "com.nordstrom/product/purchase/1-0-0"}, {"id", "p1"}}}}
                    .dump();
  record.partition_key = "p1";
  record.sequence_number = "42";
  record.arrival_ms = 1490743764000;
  record.origin = std::make_shared<lambda::KinesisRecordOrigin>(lambda::KinesisRecordOrigin{
      "shardId-000000000000", t.kinesis.identity().kinesis_stream_arn("core"), "role", "r"});
  const json change = {{"eventID", "1"},
                       {"eventName", "INSERT"},
                       {"eventSource", "aws:dynamodb"},
                       {"eventSourceARN", t.kinesis.identity().kinesis_stream_arn("core")},
                       {"dynamodb",
                        {{"Keys", {{"id", {{"S", "k1"}}}}},
                         {"NewImage", {{"id", {{"S", "k1"}}}, {"v", {{"N", "2"}}}}},
                         {"SequenceNumber", "7"}}}};
  std::optional<Result<lambda::InvokeResult>> result;
  t.lambda.invoke("fanout", json{{"Records", {record.to_json(), change}}},
                  [&result](Result<lambda::InvokeResult> out) { result.emplace(std::move(out)); });
  t.scheduler.run_for(seconds(10));
  ASSERT_TRUE(result && result->is_ok());
  EXPECT_EQ((*result)->payload, json({{"forwarded", 2}})) << (*result)->payload.dump();
  const auto local = t.read("local");
  ASSERT_EQ(local.size(), 2u);
  EXPECT_EQ(local[0]["eventId"], "shardId-000000000000:42");
  EXPECT_EQ(local[0]["timeIngest"], "2017-03-28T23:29:24.000Z");
  EXPECT_EQ(local[0]["_partitionKey"], "p1");
  EXPECT_EQ(local[1]["v"], json({{"N", "2"}}));
  EXPECT_EQ(local[1]["_partitionKey"], "k1");
}

// Compact records are rewritten as text, others through a document; both
// come out as the original's JSON.stringify would write them.
TEST(FanoutTest, EgressTextIsTheCompactDocumentWhateverTheIngressLayout) {
  Topology t(1);
  t.function();
  t.target("local", t.kinesis.identity().kinesis_stream_arn("local"), true, false);
  t.hook(100);
  const nlohmann::ordered_json ingress = {
      {"schema", "com.nordstrom/retail-stream-ingress/1-0-0"},
      {"origin", "o"},
      {"data", {{"id", "p1"}, {"price", 12.5}, {"note", "caf\u00e9 \"x\""}}}};
  ASSERT_TRUE(
      t.kinesis.put_record("core", {ingress.dump(), "p1", std::nullopt, std::nullopt}).is_ok());
  ASSERT_TRUE(
      t.kinesis.put_record("core", {ingress.dump(2), "p1", std::nullopt, std::nullopt}).is_ok());
  t.scheduler.run_for(seconds(10));
  auto iterator = t.kinesis.get_shard_iterator(
      {"local", "shardId-000000000000", kinesis::IteratorType::kTrimHorizon});
  ASSERT_TRUE(iterator.is_ok());
  auto page = t.kinesis.get_records(*iterator, 10);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->records.size(), 2u);
  for (const auto& view : page->records) {
    const auto egress = nlohmann::ordered_json::parse(view.record->data);
    EXPECT_EQ(view.record->data, egress.dump());  // compact, as dump() writes it
    std::vector<std::string> names;
    for (const auto& [name, value] : egress.items()) names.push_back(name);
    EXPECT_EQ(names, (std::vector<std::string>{"schema", "origin", "data", "eventId", "timeIngest",
                                               "timeProcess"}));
    EXPECT_EQ(egress["schema"], "com.nordstrom/retail-stream-egress/1-0-0");
    EXPECT_EQ(egress["data"], ingress["data"]);
  }
}

TEST(FanoutTest, AnActivationIsSeenOnlyAfterTheCacheRefresh) {
  Topology t(1);
  t.function({{"CONFIG_REFRESH_SECONDS", "300"}});
  t.target("local", "local", false, false);
  t.hook(100);
  t.produce(5, 5);
  t.scheduler.run_for(seconds(10));
  EXPECT_GE(t.logs.filter_log_events("/aws/lambda/fanout", "\"no output subscribers\"")->size(),
            1u);
  t.target("local", "local", true, false);  // activate
  t.produce(5, 5);
  t.scheduler.run_for(seconds(10));
  EXPECT_TRUE(t.read("local").empty());  // still the cached, inactive configuration
  t.scheduler.run_for(seconds(300));
  t.produce(5, 5);
  t.scheduler.run_for(seconds(10));
  EXPECT_EQ(t.read("local").size(), 5u);  // only what came after the refresh
}

TEST(FanoutTest, ParallelBlocksCanLandOutOfOrderSerialOnesNever) {
  auto run = [](std::uint64_t seed, bool parallel) {
    LatencyModel latencies;
    latencies.set(
        "kinesis.PutRecords",
        LatencyDistribution::uniform(std::chrono::milliseconds(5), std::chrono::milliseconds(80)));
    Topology t(seed, false, latencies);
    t.function();
    t.target("local", "local", true, parallel);
    t.hook(1500);  // more than 500 records per invocation: several blocks
    t.produce(1500, 3);
    t.scheduler.run_for(seconds(20));
    const auto local = t.read("local");
    EXPECT_EQ(local.size(), 1500u);
    return Topology::reordered(local);
  };
  int reordered_parallel = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    reordered_parallel += run(seed, true);
    EXPECT_FALSE(run(seed, false)) << "seed " << seed;
  }
  EXPECT_GT(reordered_parallel, 0);
}

TEST(FanoutTest, BatchesOfAtMost500ParallelChangesNothing) {
  LatencyModel latencies;
  latencies.set("kinesis.PutRecords", LatencyDistribution::uniform(std::chrono::milliseconds(5),
                                                                   std::chrono::milliseconds(80)));
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Topology t(seed, false, latencies);
    t.function();
    t.target("local", "local", true, true);
    t.hook(100);  // the original hook's batch size: one block per invocation
    t.produce(1000, 3);
    t.scheduler.run_for(seconds(30));
    const auto local = t.read("local");
    EXPECT_EQ(local.size(), 1000u);
    EXPECT_FALSE(Topology::reordered(local)) << "seed " << seed;
  }
}

// A 1-shard local stream over its write limit: 3,000 records sent in blocks of
// 500, each PutRecords taking 300 ms, so about 1,600 records a second.
std::vector<json> throttled_run(const std::string& mode) {
  LatencyModel latencies;
  latencies.set("kinesis.PutRecords", LatencyDistribution::fixed(std::chrono::milliseconds(300)));
  Topology t(3, true, latencies);
  EXPECT_TRUE(t.kinesis.set_limits_enabled("core", false)
                  .is_ok());  // only the local stream is over its limit
  t.function({{"PARTIAL_FAILURES", mode}});
  t.target("local", "local", true, false);
  t.hook(3000);
  t.produce(3000, 4);
  t.scheduler.run_for(seconds(60));
  return t.read("local");
}

TEST(FanoutTest, PartialFailuresIgnoreLosesResendFailedReordersResendInOrderKeepsBoth) {
  const auto ignored = throttled_run("ignore");
  EXPECT_LT(ignored.size(), 3000u);  // the throttled records are lost
  EXPECT_FALSE(Topology::reordered(ignored));
  const auto naive = throttled_run("resend-failed");
  std::set<std::string> naive_ids;
  for (const auto& event : naive) naive_ids.insert(event["eventId"]);
  EXPECT_EQ(naive_ids.size(), 3000u);       // nothing lost…
  EXPECT_TRUE(Topology::reordered(naive));  // …but resent records land after later ones
  const auto correct = throttled_run("resend-in-order");
  std::set<std::string> correct_ids;
  for (const auto& event : correct) correct_ids.insert(event["eventId"]);
  EXPECT_EQ(correct_ids.size(), 3000u);
  // Per key, the last copy of each record keeps the original order (duplicates share an eventId).
  std::map<std::string, std::vector<int>> order;
  for (const auto& event : correct) order[event["data"]["id"]].push_back(event["data"]["n"]);
  for (auto& [product, numbers] : order) {
    std::vector<int> last_copy;
    std::set<int> seen;
    for (auto it = numbers.rbegin(); it != numbers.rend(); ++it) {
      if (seen.insert(*it).second) last_copy.insert(last_copy.begin(), *it);
    }
    EXPECT_TRUE(std::is_sorted(last_copy.begin(), last_copy.end())) << product;
  }
}

TEST(FanoutTest, ARetriedBatchDuplicatesDownstreamWithTheSameEventId) {
  Topology t(1);
  t.function();
  t.target("a-local", "local", true, false);
  t.target("b-missing", "no-such-stream", true,
           false);  // its PutRecords fails: the invocation fails
  t.hook(100, /*max_retries=*/1);
  t.produce(10, 2);
  t.scheduler.run_for(seconds(10));
  const auto local = t.read("local");
  EXPECT_EQ(local.size(), 20u);  // the first try and one retry
  std::map<std::string, int> copies;
  for (const auto& event : local) ++copies[event["eventId"]];
  EXPECT_EQ(copies.size(), 10u);
  for (const auto& [id, count] : copies) EXPECT_EQ(count, 2) << id;
}

TEST(FanoutTest, CollapseQuirkSkipsRowsWithoutAStringCollapse) {
  Topology original(1);
  original.function();
  original.target("local", "local", true, false, std::nullopt);  // a hand-made row without collapse
  original.hook(100);
  original.produce(3, 3);
  original.scheduler.run_for(seconds(10));
  EXPECT_TRUE(original.read("local").empty());
  EXPECT_GE(original.logs.filter_log_events("/aws/lambda/fanout", "\"collapse must be a string\"")
                ->size(),
            1u);
  Topology lenient(1);
  lenient.function({{"COLLAPSE_VALIDATION", "lenient"}});
  lenient.target("local", "local", true, false, std::nullopt);
  lenient.hook(100);
  lenient.produce(3, 3);
  lenient.scheduler.run_for(seconds(10));
  EXPECT_EQ(lenient.read("local").size(), 3u);
}

TEST(FanoutTest, PaginationQuirkSeesOnlyTheFirstPageOfTargets) {
  auto targets_used = [](const std::string& paginate) {
    Topology t(1);
    t.function({{"PAGINATE_TARGETS", paginate}});
    // 24 targets of ~60 KB: more than one 1 MB Query page. Each forwards to "local".
    for (int i = 0; i < 24; ++i)
      t.target("t" + std::to_string(100 + i), "local", true, false, std::string("none"), 60000);
    t.hook(100);
    t.produce(1, 1);
    t.scheduler.run_for(seconds(10));
    return t.read("local").size();
  };
  EXPECT_LT(targets_used("exclusive-start-key"), 24u);
  EXPECT_EQ(targets_used("last-evaluated-key"), 24u);
}

}  // namespace
}  // namespace streamlab::functions
