// ../shared/functions.md, "idempotent writer over DynamoDB Streams": a
// retried versioned put changes nothing and adds no stream record, and the
// stream consumer applies exactly one effect per version even when its
// batches are retried.
#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/functions/idempotent_writer.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Decimal;
using std::chrono::seconds;

dynamodb::Item versioned(const std::string& key, long long version) {
  dynamodb::Item item;
  item["pk"] = AttributeValue::string(key);
  item["version"] = AttributeValue::number(Decimal::from_integer(version));
  item["payload"] = AttributeValue::string(key + "@" + std::to_string(version));
  return item;
}

struct StreamTopology {
  explicit StreamTopology(std::uint64_t seed)
      : scheduler({.seed = seed}),
        kinesis(scheduler, kinesis::KinesisOptions{}),
        db(scheduler, dynamodb::DynamoDbOptions{}),
        logs(scheduler),
        lambda(scheduler, AwsIdentity{}, logs),
        mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db) {
    lambda.set_services({&kinesis, &db, &logs, &lambda});
    register_functions(lambda);
    EXPECT_TRUE(create_versioned_table(db, "Items").is_ok());
    EXPECT_TRUE(create_effects_table(db, "Effects").is_ok());
    scheduler.run_for(seconds(1));
  }
  void consumer(std::map<std::string, std::string> environment = {}) {
    lambda::FunctionConfig config{"consumer", "idempotent-consumer"};
    config.environment = std::move(environment);
    ASSERT_TRUE(lambda.create_function(config).is_ok());
    lambda::esm::MappingConfig mapping;
    mapping.function_name = "consumer";
    mapping.event_source_arn = db.list_stream_arns("Items").at(0);
    mapping.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
    mapping.batch_size = 4;
    ASSERT_TRUE(mappings.create(mapping).is_ok());
  }
  long long effects(const std::string& key) {
    dynamodb::Item k;
    k["pk"] = AttributeValue::string(key);
    auto row = db.get_item({"Effects", k});
    if (!row.is_ok() || !*row) return 0;
    return std::stoll((*row)->at("applied").as_number().to_string());
  }
  std::size_t stream_records() { return db.stream(db.list_stream_arns("Items").at(0))->end_index; }

  SimulatedScheduler scheduler;
  kinesis::KinesisService kinesis;
  dynamodb::DynamoDbService db;
  logs::LogsService logs;
  lambda::LambdaService lambda;
  lambda::esm::EventSourceMappings mappings;
};

TEST(IdempotentWriterTest, ARetriedPutOfTheSameVersionChangesNothingAndAddsNoStreamRecord) {
  StreamTopology t(1);
  EXPECT_EQ(*put_versioned(t.db, "Items", "pk", versioned("a", 1)),
            VersionedWriteOutcome::kWritten);
  EXPECT_EQ(*put_versioned(t.db, "Items", "pk", versioned("a", 1)),
            VersionedWriteOutcome::kAlreadyApplied);
  EXPECT_EQ(t.stream_records(), 1u);
  EXPECT_EQ(*put_versioned(t.db, "Items", "pk", versioned("a", 2)),
            VersionedWriteOutcome::kWritten);
  // An older version arriving late is refused too.
  EXPECT_EQ(*put_versioned(t.db, "Items", "pk", versioned("a", 1)),
            VersionedWriteOutcome::kAlreadyApplied);
  EXPECT_EQ(t.stream_records(), 2u);
  dynamodb::Item no_version;
  no_version["pk"] = AttributeValue::string("b");
  EXPECT_TRUE(put_versioned(t.db, "Items", "pk", no_version).status().is("ValidationException"));
}

// Every write is sent twice (a lost response, retried) and the consumer
// crashes after two records of its first batch (the batch is redelivered).
long long max_effects_per_version(std::uint64_t seed, const std::string& deduplicate) {
  StreamTopology t(seed);
  t.consumer({{"DEDUPLICATE", deduplicate}});
  EXPECT_TRUE(t.lambda.add_fault("consumer", {.after_records = 2, .times = 1}).is_ok());
  for (long long version = 1; version <= 3; ++version) {
    for (const std::string key : {"k0", "k1", "k2"}) {
      EXPECT_TRUE(put_versioned(t.db, "Items", "pk", versioned(key, version)).is_ok());
      EXPECT_TRUE(put_versioned(t.db, "Items", "pk", versioned(key, version)).is_ok());  // retry
    }
    t.scheduler.run_for(seconds(1));
  }
  t.scheduler.run_for(seconds(30));
  EXPECT_EQ(t.stream_records(), 9u);  // one per real change, none for the retries
  long long worst = 0;
  for (const std::string key : {"k0", "k1", "k2"}) worst = std::max(worst, t.effects(key));
  return worst;
}

TEST(IdempotentWriterTest, TheConsumerAppliesExactlyOneEffectPerVersionUnderRetries) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    EXPECT_EQ(max_effects_per_version(seed, "version"), 3) << "seed " << seed;
  }
}

TEST(IdempotentWriterTest, WithoutTheVersionGuardARetriedBatchDuplicatesEffects) {
  EXPECT_GT(max_effects_per_version(1, "none"), 3);
}

}  // namespace
}  // namespace streamlab::functions
