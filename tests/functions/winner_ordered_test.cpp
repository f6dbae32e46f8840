// ../shared/functions.md, "winner, ordered", end to end: local stream →
// mapping (batch size 5, TRIM_HORIZON) → winner-ordered → Contributions/Scores.
#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class WinnerOrderedTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 5}};
  kinesis::KinesisService kinesis{scheduler, kinesis::KinesisOptions{}};
  dynamodb::DynamoDbService db{scheduler, dynamodb::DynamoDbOptions{}};
  logs::LogsService logs{scheduler};
  lambda::LambdaService lambda{scheduler, AwsIdentity{}, logs};
  lambda::esm::EventSourceMappings mappings{scheduler, AwsIdentity{}, lambda, &kinesis, &db};
  std::string mapping;

  void SetUp() override {
    lambda.set_services({&kinesis, &db, &logs, &lambda});
    register_functions(lambda);
    ASSERT_TRUE(kinesis.create_stream("local", 1).is_ok());
    ASSERT_TRUE(create_winner_ordered_tables(db).is_ok());
    ASSERT_TRUE(lambda.create_function({"winner", "winner-ordered"}).is_ok());
    scheduler.run_for(seconds(1));
    lambda::esm::MappingConfig config;
    config.function_name = "winner";
    config.event_source_arn = kinesis.identity().kinesis_stream_arn("local");
    config.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
    config.batch_size = 5;
    config.maximum_retry_attempts = 2;
    mapping = mappings.create(config)->uuid;
  }

  // An egress event as the fanout writes it; `event_id` stands for the core stream's eventID.
  void egress(const std::string& kind, const std::string& product, const std::string& origin,
              int event_id, json extra = json::object()) {
    json data = {{"schema", "com.nordstrom/product/" + kind + "/1-0-0"}, {"id", product}};
    if (kind == "create") {
      data.update({{"brand", "b"}, {"name", "n"}, {"description", "d"}, {"category", "c"}});
    }
    if (kind == "image") data["image"] = "https://example.com/p.jpg";
    char id[80];
    std::snprintf(id, sizeof id, "shardId-000000000000:49%054d", event_id);
    json event = {{"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
                  {"origin", origin},
                  {"timeOrigin", "2017-03-28T23:29:23.160Z"},
                  {"data", data},
                  {"eventId", id},
                  {"timeIngest", "2017-03-28T23:29:24.000Z"},
                  {"timeProcess", "2017-03-28T23:29:25.000Z"}};
    event.update(extra);
    ASSERT_TRUE(
        kinesis.put_record("local", {event.dump(), product, std::nullopt, std::nullopt}).is_ok());
  }
  // A create and two purchases in one batch, with a crash fault added: the
  // batch fails once and is retried.
  void run_one_batch_that_crashes_once() {
    egress("create", "p1", "merchant-1", 1);
    egress("purchase", "p1", "buyer-1", 2);
    egress("purchase", "p1", "buyer-2", 3);
    scheduler.run_for(seconds(10));
    EXPECT_EQ(mappings.stats(mapping)->failed_invocations, 1u);
  }
  std::optional<dynamodb::Item> item(const std::string& table, dynamodb::Item key) {
    auto out = db.get_item({table, std::move(key), true, "", {}});
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    return out.is_ok() ? *out : std::nullopt;
  }
  std::string number(const std::optional<dynamodb::Item>& row, const char* name) {
    if (!row || !row->count(name)) return "missing";
    return row->at(name).as_number().to_string();
  }
  std::optional<dynamodb::Item> contribution(const std::string& product) {
    dynamodb::Item key;
    key["productId"] = dynamodb::AttributeValue::string(product);
    return item("Contributions", key);
  }
  std::string score(const std::string& user, const std::string& role) {
    dynamodb::Item key;
    key["userId"] = dynamodb::AttributeValue::string(user);
    key["role"] = dynamodb::AttributeValue::string(role);
    return number(item("Scores", key), "score");
  }
};

TEST_F(WinnerOrderedTest, InOrderEventsGiveTheOraclesScores) {
  egress("create", "p1", "merchant-1", 1);
  egress("image", "p1", "photographer-1", 2);
  egress("purchase", "p1", "buyer-1", 3);
  egress("create", "p2", "merchant-1", 4);
  egress("purchase", "p1", "buyer-2", 5);
  egress("purchase", "p2", "buyer-1", 6);
  scheduler.run_for(seconds(10));
  const auto p1 = contribution("p1");
  ASSERT_TRUE(p1);
  EXPECT_EQ(p1->at("creator").as_string(), "merchant-1");
  EXPECT_EQ(p1->at("photographer").as_string(), "photographer-1");
  EXPECT_EQ(number(p1, "creatorScore"), "2");
  EXPECT_EQ(number(p1, "photographerScore"), "2");
  EXPECT_EQ(p1->count("photographerExists"), 0u);
  const auto p2 = contribution("p2");
  EXPECT_EQ(number(p2, "creatorScore"), "1");
  EXPECT_EQ(number(p2, "photographerExists"), "-1");
  EXPECT_EQ(number(p2, "photographerScore"), "0");  // no photographer: the score does not move
  EXPECT_EQ(score("merchant-1", "creator"), "3");
  EXPECT_EQ(score("photographer-1", "photographer"), "2");
}

TEST_F(WinnerOrderedTest, DuplicatesWithTheSameEventIdAreSkipped) {
  egress("create", "p1", "merchant-1", 1);
  egress("purchase", "p1", "buyer-1", 2);
  egress("purchase", "p1", "buyer-1", 2);  // a retried fanout batch: same eventId
  egress("purchase", "p1", "buyer-1", 3);
  scheduler.run_for(seconds(10));
  EXPECT_EQ(number(contribution("p1"), "creatorScore"), "2");
  EXPECT_EQ(score("merchant-1", "creator"), "2");
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"already processed\"")->size(), 1u);
}

TEST_F(WinnerOrderedTest, ARegistrationArrivingAfterAPurchaseIsMisattributed) {
  egress("purchase", "p1", "buyer-1", 3);
  egress("create", "p1", "merchant-1", 1);  // older eventId, arrives later: its condition fails
  scheduler.run_for(seconds(10));
  const auto p1 = contribution("p1");
  EXPECT_EQ(p1->at("creator").as_string(), "UNKNOWN");
  EXPECT_EQ(p1->at("photographer").as_string(), "UNKNOWN");
  EXPECT_EQ(score("UNKNOWN", "creator"), "1");
  EXPECT_EQ(score("merchant-1", "creator"), "missing");  // the merchant never gets the credit
}

TEST_F(WinnerOrderedTest, InvalidEventsAreLoggedAndSkipped) {
  egress("purchase", "p1", "buyer-1", 1, json{{"extra", "field"}});
  egress("create", "p1", "merchant-1", 2);
  scheduler.run_for(seconds(10));
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"unexpected field extra\"")->size(), 1u);
  EXPECT_EQ(contribution("p1")->at("creator").as_string(), "merchant-1");
  EXPECT_EQ(mappings.stats(mapping)->failed_invocations, 0u);
}

// `aws lambda invoke` hands the handler JSON, not a mapping's typed records:
// it reads the same records from it (data base64-decoded).
TEST_F(WinnerOrderedTest, AJsonEventFromInvokeIsReadLikeAMappingsEvent) {
  const auto origin = std::make_shared<lambda::KinesisRecordOrigin>(lambda::KinesisRecordOrigin{
      "shardId-000000000000", kinesis.identity().kinesis_stream_arn("local"), "role", "us-east-1"});
  json records = json::array();
  const auto add = [&](const std::string& data, int sequence) {
    lambda::KinesisEventRecord record;
    record.data = data;
    record.partition_key = "p1";
    record.sequence_number = std::to_string(sequence);
    record.origin = origin;
    records.push_back(record.to_json());
  };
  const auto egress_json = [](const std::string& kind, const std::string& who, int id) {
    json data = {{"schema", "com.nordstrom/product/" + kind + "/1-0-0"}, {"id", "p1"}};
    if (kind == "create")
      data.update({{"brand", "b"}, {"name", "n"}, {"description", "d"}, {"category", "c"}});
    return json{{"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
                {"origin", who},
                {"timeOrigin", "2017-03-28T23:29:23.160Z"},
                {"data", data},
                {"eventId", "shardId-000000000000:" + std::to_string(id)},
                {"timeIngest", "2017-03-28T23:29:24.000Z"},
                {"timeProcess", "2017-03-28T23:29:25.000Z"}}
        .dump();
  };
  add(egress_json("create", "merchant-1", 1), 1);
  add(egress_json("purchase", "buyer-1", 2), 2);
  records[1]["kinesis"]["data"] = "%%%";  // not base64: logged and skipped
  add(egress_json("purchase", "buyer-2", 3), 3);
  std::optional<Result<lambda::InvokeResult>> result;
  lambda.invoke("winner", json{{"Records", records}},
                [&result](Result<lambda::InvokeResult> out) { result.emplace(std::move(out)); });
  scheduler.run_for(seconds(10));
  ASSERT_TRUE(result && result->is_ok());
  EXPECT_FALSE((*result)->function_error.has_value()) << (*result)->payload.dump();
  EXPECT_EQ((*result)->payload, json({{"processed", 2}}));
  EXPECT_EQ(number(contribution("p1"), "creatorScore"), "1");
  EXPECT_EQ(score("merchant-1", "creator"), "1");
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"data is not base64\"")->size(), 1u);
}

// The harness's function-crash faults reach the winner between records: the
// mapping retries the batch, the records done before the crash are "already
// processed", and the scores are those of one delivery.
TEST_F(WinnerOrderedTest, AnInjectedCrashAfterKRecordsRetriesTheBatchAndSkipsTheDoneOnes) {
  ASSERT_TRUE(lambda.add_fault("winner", {.after_records = 2, .times = 1}).is_ok());
  run_one_batch_that_crashes_once();
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"already processed\"")->size(), 2u);
  EXPECT_EQ(number(contribution("p1"), "creatorScore"), "2");
  EXPECT_EQ(score("merchant-1", "creator"), "2");
}

TEST_F(WinnerOrderedTest, AnInjectedCrashBeforeARecordContainingATextStopsBeforeIt) {
  ASSERT_TRUE(lambda.add_fault("winner", {.on_record_containing = "buyer-2", .times = 1}).is_ok());
  run_one_batch_that_crashes_once();
  // Only the two records before buyer-2's were done when it crashed.
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"already processed\"")->size(), 2u);
  EXPECT_EQ(score("merchant-1", "creator"), "2");
}

TEST_F(WinnerOrderedTest, OtherDynamoDbErrorsFailTheInvocationAndTheBatchIsRetried) {
  ASSERT_TRUE(db.delete_table("Scores").is_ok());
  scheduler.run_for(seconds(1));
  egress("create", "p1", "merchant-1", 1);
  egress("purchase", "p1", "buyer-1", 2);
  scheduler.run_for(seconds(10));
  // The first try fails after the purchase's Contributions update landed; the
  // retry finds both events "already processed" and succeeds, so the score is
  // never recomputed. That is what the original code does.
  EXPECT_EQ(mappings.stats(mapping)->failed_invocations, 1u);
  EXPECT_EQ(mappings.stats(mapping)->records_discarded, 0u);
  EXPECT_EQ(number(contribution("p1"), "creatorScore"), "1");
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/winner", "\"already processed\"")->size(), 2u);
}

}  // namespace
}  // namespace streamlab::functions
