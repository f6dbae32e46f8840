// functions.md, "event logger": the tutorial path. A 1-shard stream, a
// mapping with batch size 1 and LATEST, one record "Hello, Lambda CLI World":
// the function's log shows it.
#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

// The tutorial's world: a 1-shard stream "lambda-stream" and the services.
class EventLoggerTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  kinesis::KinesisService kinesis{scheduler, kinesis::KinesisOptions{}};
  logs::LogsService logs{scheduler};
  lambda::LambdaService lambda{scheduler, AwsIdentity{}, logs};
  lambda::esm::EventSourceMappings mappings{scheduler, AwsIdentity{}, lambda, &kinesis, nullptr};

  void SetUp() override {
    register_functions(lambda);
    ASSERT_TRUE(kinesis.create_stream("lambda-stream", 1).is_ok());
  }
};

TEST_F(EventLoggerTest, TheTutorialRecordAppearsInTheFunctionLog) {
  ASSERT_TRUE(lambda.create_function({"ProcessKinesisRecords", "event-logger"}).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  ASSERT_TRUE(
      kinesis.put_record("lambda-stream", {"before the mapping", "1", std::nullopt, std::nullopt})
          .is_ok());
  lambda::esm::MappingConfig config;
  config.function_name = "ProcessKinesisRecords";
  config.event_source_arn = kinesis.identity().kinesis_stream_arn("lambda-stream");
  config.batch_size = 1;
  config.starting_position = lambda::esm::StartingPosition::kLatest;
  ASSERT_TRUE(mappings.create(config).is_ok());
  scheduler.run_for(std::chrono::seconds(2));
  ASSERT_TRUE(
      kinesis
          .put_record("lambda-stream", {"Hello, Lambda CLI World", "1", std::nullopt, std::nullopt})
          .is_ok());
  scheduler.run_for(std::chrono::seconds(3));
  auto found =
      logs.filter_log_events("/aws/lambda/ProcessKinesisRecords", "\"Hello, Lambda CLI World\"");
  ASSERT_TRUE(found.is_ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_NE(found->at(0).event.message.find("\tINFO\tHello, Lambda CLI World"), std::string::npos);
  EXPECT_TRUE(logs.filter_log_events("/aws/lambda/ProcessKinesisRecords", "\"before the mapping\"")
                  ->empty());
}

// A function-crash fault before a record: the mapping retries the batch, so
// the lines before it are logged twice and the record itself once.
TEST_F(EventLoggerTest, AnInjectedCrashBeforeARecordLogsTheEarlierOnesAgainOnRetry) {
  ASSERT_TRUE(lambda.create_function({"logger", "event-logger"}).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  ASSERT_TRUE(lambda.add_fault("logger", {.on_record_containing = "second", .times = 1}).is_ok());
  for (const char* text : {"first line", "second line"})
    ASSERT_TRUE(
        kinesis.put_record("lambda-stream", {text, "1", std::nullopt, std::nullopt}).is_ok());
  lambda::esm::MappingConfig config;
  config.function_name = "logger";
  config.event_source_arn = kinesis.identity().kinesis_stream_arn("lambda-stream");
  config.batch_size = 10;
  config.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
  auto created = mappings.create(config);
  ASSERT_TRUE(created.is_ok());
  scheduler.run_for(std::chrono::seconds(10));
  EXPECT_EQ(mappings.stats(created->uuid)->failed_invocations, 1u);
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/logger", "\"first line\"")->size(), 2u);
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/logger", "\"second line\"")->size(), 1u);
}

}  // namespace
}  // namespace streamlab::functions
