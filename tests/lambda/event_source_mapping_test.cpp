// Event source mappings on the simulated scheduler. Rules follow the Lambda
// developer guide: "Using AWS Lambda with Amazon Kinesis" (polling, batching,
// error handling, bisect, partial batch responses, parallelization) and
// "Using AWS Lambda with Amazon DynamoDB".
#include "emulator/lambda/esm/event_source_mappings.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "emulator/core/base64.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/kinesis/kinesis_service.h"

namespace streamlab::lambda::esm {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class MappingTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 7}};
  kinesis::KinesisService kinesis{scheduler, [] {
                                    kinesis::KinesisOptions options;
                                    options.limits_enabled = false;
                                    return options;
                                  }()};
  dynamodb::DynamoDbService db{scheduler, dynamodb::DynamoDbOptions{}};
  logs::LogsService logs{scheduler};
  LambdaService lambda{scheduler, AwsIdentity{}, logs};
  EventSourceMappings mappings{scheduler, AwsIdentity{}, lambda, &kinesis, &db};

  std::vector<json> batches;  // every event the handler received
  std::function<HandlerResult(const json&)> behaviour = [](const json&) {
    return HandlerResult(json::object());
  };

  void SetUp() override {
    lambda.register_handler("recorder",
                            [this](InvocationContext&, json event) -> Task<HandlerResult> {
                              batches.push_back(event);
                              co_return behaviour(event);
                            });
    ASSERT_TRUE(lambda.create_function({"consumer", "recorder"}).is_ok());
    ASSERT_TRUE(kinesis.create_stream("core", 1).is_ok());
    ASSERT_TRUE(kinesis.create_stream("failures", 1).is_ok());
    scheduler.run_for(seconds(1));
  }

  void put(const std::string& stream, const std::string& key, const std::string& data) {
    ASSERT_TRUE(kinesis.put_record(stream, {data, key, std::nullopt, std::nullopt}).is_ok());
  }
  MappingDescription map(MappingConfig config) {
    if (config.function_name.empty()) config.function_name = "consumer";
    if (config.event_source_arn.empty())
      config.event_source_arn = kinesis.identity().kinesis_stream_arn("core");
    if (!config.starting_position) config.starting_position = StartingPosition::kTrimHorizon;
    auto created = mappings.create(config);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? *created : MappingDescription{};
  }
  // Data of every record the handler saw, in delivery order.
  std::vector<std::string> delivered() const {
    std::vector<std::string> out;
    for (const auto& batch : batches) {
      for (const auto& record : batch["Records"]) {
        out.push_back(*base64_decode(record["kinesis"]["data"].get<std::string>()));
      }
    }
    return out;
  }
  static bool has_data(const json& batch, const std::string& data) {
    for (const auto& record : batch["Records"]) {
      if (*base64_decode(record["kinesis"]["data"].get<std::string>()) == data) return true;
    }
    return false;
  }
};

TEST_F(MappingTest, BatchesOfBatchSizeInOrderWithAwsEventJson) {
  for (int i = 0; i < 250; ++i) put("core", "k" + std::to_string(i % 7), "r" + std::to_string(i));
  MappingConfig config;
  config.batch_size = 100;
  const auto mapping = map(config);
  EXPECT_EQ(mappings.get(mapping.uuid)->state, MappingState::kCreating);
  scheduler.run_for(seconds(10));
  EXPECT_EQ(mappings.get(mapping.uuid)->state, MappingState::kEnabled);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(mappings.stats(mapping.uuid)->concurrent_batch_starts, 0u);  // one at a time
  EXPECT_EQ(batches[0]["Records"].size(), 100u);
  EXPECT_EQ(batches[2]["Records"].size(), 50u);
  const auto all = delivered();
  ASSERT_EQ(all.size(), 250u);
  for (int i = 0; i < 250; ++i) EXPECT_EQ(all[i], "r" + std::to_string(i));
  // The record format of the Lambda developer guide's sample Kinesis event.
  const json& record = batches[0]["Records"][0];
  EXPECT_EQ(record.size(), 8u);
  EXPECT_EQ(record["eventSource"], "aws:kinesis");
  EXPECT_EQ(record["eventVersion"], "1.0");
  EXPECT_EQ(record["eventName"], "aws:kinesis:record");
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["invokeIdentityArn"], "arn:aws:iam::123456789012:role/consumer-role");
  EXPECT_EQ(record["eventSourceARN"], "arn:aws:kinesis:us-east-1:123456789012:stream/core");
  const json& payload = record["kinesis"];
  EXPECT_EQ(payload.size(), 5u);
  EXPECT_EQ(payload["kinesisSchemaVersion"], "1.0");
  EXPECT_EQ(payload["partitionKey"], "k0");
  EXPECT_EQ(payload["data"], base64_encode("r0"));
  EXPECT_EQ(payload["sequenceNumber"].get<std::string>().size(), 56u);
  EXPECT_TRUE(payload["approximateArrivalTimestamp"].is_number_float());
  EXPECT_EQ(record["eventID"],
            "shardId-000000000000:" + payload["sequenceNumber"].get<std::string>());
}

// A Kinesis mapping hands the handler the shard's own bytes, not a copy
// (SharedBytes): the typed record's data is where GetRecords sees it.
TEST_F(MappingTest, TypedRecordsShareTheShardsBytes) {
  std::vector<const char*> seen;
  lambda.register_handler("typed", [&seen](InvocationContext&, Event event) -> Task<HandlerResult> {
    for (const auto& record : *event.kinesis_records()) seen.push_back(record->data.data());
    co_return json::object();
  });
  ASSERT_TRUE(lambda.create_function({"typed-consumer", "typed"}).is_ok());
  for (int i = 0; i < 3; ++i) put("core", "k", "record " + std::to_string(i));
  MappingConfig config;
  config.function_name = "typed-consumer";
  map(config);
  scheduler.run_for(seconds(10));
  auto iterator = kinesis.get_shard_iterator(
      {"core", kinesis::KinesisService::shard_id_for(0), kinesis::IteratorType::kTrimHorizon});
  ASSERT_TRUE(iterator.is_ok());
  const auto stored = kinesis.get_records(*iterator, 10);
  ASSERT_TRUE(stored.is_ok());
  ASSERT_EQ(seen.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(seen[i], stored->records[i].record->data.data());
}

TEST_F(MappingTest, LatestMissesEarlierRecordsTrimHorizonDoesNot) {
  put("core", "k", "before");
  MappingConfig latest;
  latest.starting_position = StartingPosition::kLatest;
  map(latest);
  scheduler.run_for(seconds(3));
  put("core", "k", "after");
  scheduler.run_for(seconds(3));
  EXPECT_EQ(delivered(), (std::vector<std::string>{"after"}));
  batches.clear();
  map(MappingConfig{});  // TRIM_HORIZON
  scheduler.run_for(seconds(3));
  EXPECT_EQ(delivered(), (std::vector<std::string>{"before", "after"}));
}

// Kinesis API reference, GetShardIterator: "A shard iterator expires 5 minutes
// after it is returned to the requester." A mapping disabled for longer stops
// polling and holds an expired iterator when it resumes; it must continue just
// after the last record it read — nothing skipped, nothing delivered twice.
TEST_F(MappingTest, ResumesAfterTheLastRecordReadWhenItsIteratorExpired) {
  put("core", "k", "1");
  put("core", "k", "2");
  const auto mapping = map(MappingConfig{});
  scheduler.run_for(seconds(5));
  ASSERT_EQ(delivered(), (std::vector<std::string>{"1", "2"}));
  MappingUpdate pause;
  pause.enabled = false;
  ASSERT_TRUE(mappings.update(mapping.uuid, pause).is_ok());
  scheduler.run_for(seconds(5));
  for (const char* data : {"3", "4"}) put("core", "k", data);
  scheduler.run_for(std::chrono::minutes(6));  // past the iterator's lifetime
  MappingUpdate resume;
  resume.enabled = true;
  ASSERT_TRUE(mappings.update(mapping.uuid, resume).is_ok());
  scheduler.run_for(seconds(10));
  EXPECT_EQ(delivered(), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST_F(MappingTest, BatchingWindowWaitsForAFullerBatch) {
  MappingConfig config;
  config.batch_size = 100;
  config.maximum_batching_window = seconds(5);
  map(config);
  scheduler.run_for(seconds(2));
  const TimePoint first_put = scheduler.now();
  for (int i = 0; i < 10; ++i) {
    put("core", "k", "r" + std::to_string(i));
    scheduler.run_for(std::chrono::milliseconds(200));
  }
  scheduler.run_for(seconds(10));
  ASSERT_EQ(batches.size(), 1u);  // one batch of 10 after the window, not ten of 1
  EXPECT_EQ(batches[0]["Records"].size(), 10u);
  (void)first_put;
}

TEST_F(MappingTest, AFailingBatchBlocksItsShardAndNotTheOthers) {
  ASSERT_TRUE(kinesis.create_stream("wide", 2).is_ok());
  scheduler.run_for(seconds(1));
  // MD5("a") is in shard 0 and MD5("b") in shard 1.
  put("wide", "a", "poison");
  put("wide", "a", "after-poison");
  put("wide", "b", "other-shard");
  behaviour = [](const json& event) {
    return has_data(event, "poison") ? HandlerResult(errors::make("Error", "bad record"))
                                     : HandlerResult(json::object());
  };
  MappingConfig config;
  config.batch_size = 1;
  config.event_source_arn = kinesis.identity().kinesis_stream_arn("wide");
  map(config);
  scheduler.run_for(seconds(30));
  const auto all = delivered();
  EXPECT_EQ(std::count(all.begin(), all.end(), "other-shard"), 1);
  EXPECT_EQ(std::count(all.begin(), all.end(), "after-poison"),
            0);  // blocked behind the poison record
  EXPECT_GT(std::count(all.begin(), all.end(), "poison"),
            10);  // retried until it succeeds or expires
}

TEST_F(MappingTest, MaximumRetryAttemptsThenOnFailureMetadataAndMoveOn) {
  put("core", "k", "poison");
  put("core", "k", "fine");
  behaviour = [](const json& event) {
    return has_data(event, "poison") ? HandlerResult(errors::make("Error", "bad record"))
                                     : HandlerResult(json::object());
  };
  MappingConfig config;
  config.batch_size = 1;
  config.maximum_retry_attempts = 2;
  config.on_failure_destination = kinesis.identity().kinesis_stream_arn("failures");
  const auto mapping = map(config);
  scheduler.run_for(seconds(30));
  const auto all = delivered();
  EXPECT_EQ(std::count(all.begin(), all.end(), "poison"), 3);  // the first try and 2 retries
  EXPECT_EQ(std::count(all.begin(), all.end(), "fine"), 1);
  EXPECT_EQ(mappings.stats(mapping.uuid)->records_discarded, 1u);
  auto iterator = kinesis.get_shard_iterator(
      {"failures", "shardId-000000000000", kinesis::IteratorType::kTrimHorizon});
  auto failures = kinesis.get_records(*iterator, 10);
  ASSERT_EQ(failures->records.size(), 1u);
  const json record = json::parse(failures->records[0].record->data);
  EXPECT_EQ(record["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(record["requestContext"]["functionArn"],
            "arn:aws:lambda:us-east-1:123456789012:function:consumer");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 3);
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["version"], "1.0");
  EXPECT_EQ(record["KinesisBatchInfo"]["shardId"], "shardId-000000000000");
  EXPECT_EQ(record["KinesisBatchInfo"]["batchSize"], 1);
  EXPECT_EQ(record["KinesisBatchInfo"]["streamArn"],
            "arn:aws:kinesis:us-east-1:123456789012:stream/core");
  EXPECT_EQ(record["KinesisBatchInfo"]["startSequenceNumber"],
            record["KinesisBatchInfo"]["endSequenceNumber"]);
}

TEST_F(MappingTest, RecordsOlderThanMaximumRecordAgeAreDiscarded) {
  put("core", "k", "poison");
  behaviour = [](const json&) { return HandlerResult(errors::make("Error", "always")); };
  MappingConfig config;
  config.maximum_record_age_seconds = 60;
  config.on_failure_destination = kinesis.identity().kinesis_stream_arn("failures");
  const auto mapping = map(config);
  scheduler.run_for(seconds(120));
  const std::size_t attempts = batches.size();
  EXPECT_GE(attempts, 50u);  // retried about once a second for a minute
  EXPECT_LE(attempts, 62u);
  scheduler.run_for(seconds(60));
  EXPECT_EQ(batches.size(), attempts);  // then no more: the record expired
  auto iterator = kinesis.get_shard_iterator(
      {"failures", "shardId-000000000000", kinesis::IteratorType::kTrimHorizon});
  const json record = json::parse(kinesis.get_records(*iterator, 10)->records.at(0).record->data);
  EXPECT_EQ(record["requestContext"]["condition"], "RecordAgeExceeded");
  EXPECT_EQ(mappings.stats(mapping.uuid)->records_discarded, 1u);
}

TEST_F(MappingTest, BisectNarrowsAFailingBatchDownToThePoisonRecord) {
  for (int i = 0; i < 8; ++i) put("core", "k", i == 5 ? "poison" : "r" + std::to_string(i));
  behaviour = [](const json& event) {
    return has_data(event, "poison") ? HandlerResult(errors::make("Error", "bad record"))
                                     : HandlerResult(json::object());
  };
  MappingConfig config;
  config.batch_size = 8;
  config.bisect_batch_on_function_error = true;
  config.maximum_retry_attempts = 0;
  const auto mapping = map(config);
  scheduler.run_for(seconds(30));
  // 8 fails → [0..3] ok, [4..7] fails → [4,5] fails → [4] ok, [5] fails and is discarded → [6,7]
  // ok.
  std::vector<std::size_t> sizes;
  for (const auto& batch : batches) sizes.push_back(batch["Records"].size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{8, 4, 4, 2, 1, 1, 2}));
  EXPECT_EQ(mappings.stats(mapping.uuid)->bisections, 3u);
  EXPECT_EQ(mappings.stats(mapping.uuid)->records_discarded, 1u);
  EXPECT_EQ(mappings.stats(mapping.uuid)->records_delivered, 7u);
}

TEST_F(MappingTest, PartialBatchResponseResumesAtTheLowestFailure) {
  for (int i = 0; i < 5; ++i) put("core", "k", "r" + std::to_string(i));
  int calls = 0;
  behaviour = [&calls](const json& event) {
    ++calls;
    if (calls == 1) {
      // Two failures reported; the lowest one (r2) decides where to resume.
      return HandlerResult(
          json{{"batchItemFailures",
                {{{"itemIdentifier", event["Records"][3]["kinesis"]["sequenceNumber"]}},
                 {{"itemIdentifier", event["Records"][2]["kinesis"]["sequenceNumber"]}}}}});
    }
    return HandlerResult(json{{"batchItemFailures", json::array()}});  // empty: success
  };
  MappingConfig config;
  config.batch_size = 5;
  config.report_batch_item_failures = true;
  map(config);
  scheduler.run_for(seconds(10));
  EXPECT_EQ(delivered(),
            (std::vector<std::string>{"r0", "r1", "r2", "r3", "r4", "r2", "r3", "r4"}));
}

TEST_F(MappingTest, MalformedPartialBatchResponseFailsTheWholeBatch) {
  for (int i = 0; i < 3; ++i) put("core", "k", "r" + std::to_string(i));
  int calls = 0;
  behaviour = [&calls](const json&) {
    ++calls;
    if (calls == 1)
      return HandlerResult(
          json{{"batchItemFailures", {{{"itemIdentifier", "not-a-sequence-number"}}}}});
    return HandlerResult(json::object());
  };
  MappingConfig config;
  config.batch_size = 3;
  config.report_batch_item_failures = true;
  map(config);
  scheduler.run_for(seconds(10));
  EXPECT_EQ(delivered(), (std::vector<std::string>{"r0", "r1", "r2", "r0", "r1", "r2"}));
}

TEST_F(MappingTest, ParallelizationFactorRunsBatchesConcurrentlyAndKeepsPerKeyOrder) {
  lambda.register_handler("slow-recorder",
                          [this](InvocationContext& context, json event) -> Task<HandlerResult> {
                            auto pause = context.wait(std::chrono::milliseconds(200));
                            co_await pause;
                            batches.push_back(event);
                            co_return json::object();
                          });
  ASSERT_TRUE(lambda.create_function({"slow", "slow-recorder"}).is_ok());
  for (int i = 0; i < 400; ++i) put("core", "key" + std::to_string(i % 20), std::to_string(i));
  MappingConfig config;
  config.function_name = "slow";
  config.batch_size = 10;
  config.parallelization_factor = 4;
  const auto mapping = map(config);
  scheduler.run_for(seconds(60));
  EXPECT_EQ(delivered().size(), 400u);
  EXPECT_EQ(mappings.stats(mapping.uuid)->max_concurrent_batches_per_shard, 4u);
  // 40 batches in 4 lanes: all but the first few start beside another.
  const auto stats = *mappings.stats(mapping.uuid);
  EXPECT_GE(stats.concurrent_batch_starts, 3u);
  EXPECT_LT(stats.concurrent_batch_starts, stats.invocations);
  std::map<std::string, int> last_per_key;
  for (const auto& batch : batches) {
    for (const auto& record : batch["Records"]) {
      const std::string key = record["kinesis"]["partitionKey"];
      const int value = std::stoi(*base64_decode(record["kinesis"]["data"].get<std::string>()));
      EXPECT_GT(value, last_per_key.count(key) ? last_per_key[key] : -1) << key;
      last_per_key[key] = value;
    }
  }
}

TEST_F(MappingTest, ReshardingReadsParentsBeforeChildrenAndKeepsPerKeyOrder) {
  MappingConfig config;
  config.batch_size = 5;
  const auto mapping = map(config);
  EXPECT_EQ(mappings.stats(mapping.uuid)->child_shards_started_after_parents, 0u);
  for (int i = 0; i < 10; ++i) put("core", "key" + std::to_string(i % 4), std::to_string(i));
  scheduler.run_for(seconds(3));
  ASSERT_TRUE(
      kinesis.split_shard("core", "shardId-000000000000", "170141183460469231731687303715884105728")
          .is_ok());
  for (int i = 10; i < 20; ++i)
    put("core", "key" + std::to_string(i % 4), std::to_string(i));  // still the parent
  scheduler.run_for(seconds(1));
  for (int i = 20; i < 40; ++i)
    put("core", "key" + std::to_string(i % 4), std::to_string(i));  // the children
  scheduler.run_for(seconds(20));
  std::set<std::string> shards_seen;
  std::map<std::string, int> last_per_key;
  int parent_records = 0;
  for (const auto& batch : batches) {
    for (const auto& record : batch["Records"]) {
      const std::string shard = record["eventID"].get<std::string>().substr(0, 20);
      shards_seen.insert(shard);
      if (shard == "shardId-000000000000") {
        ++parent_records;
        EXPECT_EQ(shards_seen.size(), 1u);  // no child record before the parent is done
      }
      const std::string key = record["kinesis"]["partitionKey"];
      const int value = std::stoi(*base64_decode(record["kinesis"]["data"].get<std::string>()));
      EXPECT_GT(value, last_per_key.count(key) ? last_per_key[key] : -1) << key;
      last_per_key[key] = value;
    }
  }
  EXPECT_EQ(parent_records, 20);
  EXPECT_EQ(delivered().size(), 40u);
  EXPECT_EQ(shards_seen.size(), 3u);
  EXPECT_EQ(mappings.stats(mapping.uuid)->child_shards_started_after_parents, 2u);
}

TEST_F(MappingTest, DynamoDbStreamEventsInOrderWithAwsFields) {
  dynamodb::TableDefinition table{
      "Items", {{"id", dynamodb::ValueType::kS}, std::nullopt}, {{"id", dynamodb::ValueType::kS}}};
  table.stream = dynamodb::StreamViewType::kNewAndOldImages;
  ASSERT_TRUE(db.create_table(table).is_ok());
  scheduler.run_for(seconds(1));
  const std::string stream_arn = db.list_stream_arns("Items").at(0);
  MappingConfig config;
  config.event_source_arn = stream_arn;
  config.batch_size = 10;
  map(config);
  scheduler.run_for(seconds(2));
  dynamodb::Item item;
  item["id"] = dynamodb::AttributeValue::string("a");
  item["v"] = dynamodb::AttributeValue::number(dynamodb::Decimal::from_integer(1));
  ASSERT_TRUE(db.put_item({"Items", item, {}}).is_ok());
  item["v"] = dynamodb::AttributeValue::number(dynamodb::Decimal::from_integer(2));
  ASSERT_TRUE(db.put_item({"Items", item, {}}).is_ok());
  scheduler.run_for(seconds(2));
  std::vector<std::string> names;
  for (const auto& batch : batches) {
    for (const auto& record : batch["Records"]) names.push_back(record["eventName"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"INSERT", "MODIFY"}));
  const json& modify = batches.back()["Records"].back();
  EXPECT_EQ(modify["eventSource"], "aws:dynamodb");
  EXPECT_EQ(modify["eventVersion"], "1.1");
  EXPECT_EQ(modify["eventSourceARN"], stream_arn);
  EXPECT_EQ(modify["dynamodb"]["Keys"], (json{{"id", {{"S", "a"}}}}));
  EXPECT_EQ(modify["dynamodb"]["OldImage"]["v"]["N"], "1");
  EXPECT_EQ(modify["dynamodb"]["NewImage"]["v"]["N"], "2");
  EXPECT_EQ(modify["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_TRUE(modify["dynamodb"].contains("SequenceNumber"));
  EXPECT_TRUE(modify["dynamodb"].contains("SizeBytes"));
  EXPECT_TRUE(modify["dynamodb"].contains("ApproximateCreationDateTime"));
}

TEST_F(MappingTest, UnmodeledSettingsAreRefusedAndLifecycleStates) {
  MappingConfig tumbling;
  tumbling.tumbling_window_seconds = 30;
  tumbling.function_name = "consumer";
  tumbling.event_source_arn = kinesis.identity().kinesis_stream_arn("core");
  tumbling.starting_position = StartingPosition::kLatest;
  EXPECT_EQ(mappings.create(tumbling).error().type, "InvalidParameterValueException");
  MappingConfig no_position;
  no_position.function_name = "consumer";
  no_position.event_source_arn = kinesis.identity().kinesis_stream_arn("core");
  EXPECT_EQ(mappings.create(no_position).error().type, "InvalidParameterValueException");
  MappingConfig bad_factor = no_position;
  bad_factor.starting_position = StartingPosition::kLatest;
  bad_factor.parallelization_factor = 11;
  EXPECT_EQ(mappings.create(bad_factor).error().message,
            "ParallelizationFactor must be between 1 and 10");

  const auto mapping = map(MappingConfig{});
  scheduler.run_for(seconds(2));
  MappingUpdate pause;
  pause.enabled = false;
  ASSERT_TRUE(mappings.update(mapping.uuid, pause).is_ok());
  EXPECT_EQ(mappings.get(mapping.uuid)->state, MappingState::kUpdating);
  scheduler.run_for(seconds(2));
  EXPECT_EQ(mappings.get(mapping.uuid)->state, MappingState::kDisabled);
  put("core", "k", "while-disabled");
  scheduler.run_for(seconds(5));
  EXPECT_TRUE(batches.empty());
  MappingUpdate resume;
  resume.enabled = true;
  ASSERT_TRUE(mappings.update(mapping.uuid, resume).is_ok());
  scheduler.run_for(seconds(5));
  EXPECT_EQ(delivered(), (std::vector<std::string>{"while-disabled"}));
  EXPECT_EQ(mappings.list("consumer").size(), 1u);
  ASSERT_TRUE(mappings.remove(mapping.uuid).is_ok());
  scheduler.run_for(seconds(2));
  EXPECT_EQ(mappings.get(mapping.uuid).error().type, "ResourceNotFoundException");
}

std::string traced_run(std::uint64_t seed) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  SimulatedScheduler scheduler({.seed = seed, .trace = &trace});
  kinesis::KinesisService kinesis(scheduler, kinesis::KinesisOptions{});
  logs::LogsService logs(scheduler);
  LambdaService lambda(scheduler, AwsIdentity{}, logs);
  EventSourceMappings mappings(scheduler, AwsIdentity{}, lambda, &kinesis, nullptr);
  lambda.register_handler("noop", [](InvocationContext& context, json) -> Task<HandlerResult> {
    auto pause = context.wait(std::chrono::milliseconds(3));
    co_await pause;
    co_return json::object();
  });
  (void)lambda.create_function({"f", "noop"});
  (void)kinesis.create_stream("s", 2);
  scheduler.run_for(seconds(1));
  for (int i = 0; i < 50; ++i)
    (void)kinesis.put_record("s", {"d", "k" + std::to_string(i), std::nullopt, std::nullopt});
  MappingConfig config;
  config.function_name = "f";
  config.event_source_arn = kinesis.identity().kinesis_stream_arn("s");
  config.starting_position = StartingPosition::kTrimHorizon;
  config.batch_size = 7;
  config.parallelization_factor = 3;
  (void)mappings.create(config);
  scheduler.run_for(seconds(10));
  return out.str();
}

TEST(MappingDeterminismTest, SameSeedSameTrace) {
  const std::string first = traced_run(3);
  EXPECT_NE(first.find("invoke"), std::string::npos);
  EXPECT_EQ(first, traced_run(3));
}

}  // namespace
}  // namespace streamlab::lambda::esm
