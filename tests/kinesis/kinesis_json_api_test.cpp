// The Kinesis JSON actions: for each, serialization errors, validation errors
// (AWS's "N validation errors detected" wording), and functionality.
#include "emulator/kinesis/kinesis_json_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/core/base64.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/wire/request_spec.h"

namespace streamlab::kinesis {
namespace {

using nlohmann::json;

class KinesisJsonApiTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  KinesisService kinesis{scheduler, KinesisOptions{}};
  KinesisJsonApi api{kinesis};

  struct Reply {
    int status;
    json body;
    std::string type() const { return body.value("__type", ""); }
    std::string message() const { return body.value("message", ""); }
  };

  Reply call(const std::string& action, const std::string& body) {
    const auto response = api.handle("Kinesis_20131202." + action, body);
    return {response.http_status, json::parse(response.body)};
  }
  Reply call(const std::string& action, const json& body) { return call(action, body.dump()); }

  void create_active(const std::string& name, int shards) {
    ASSERT_EQ(call("CreateStream", json{{"StreamName", name}, {"ShardCount", shards}}).status, 200);
    scheduler.run_for(std::chrono::seconds(1));
  }
};

// --- Serialization: wrong JSON types are SerializationException, before any validation ---

TEST_F(KinesisJsonApiTest, SerializationErrorsComeFirst) {
  struct Case {
    const char* action;
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {"CreateStream", R"({"StreamName": 1, "ShardCount": 1})",
       "NUMBER_VALUE can not be converted to a String"},
      {"CreateStream", R"({"StreamName": "s", "ShardCount": "1"})",
       "STRING_VALUE can not be converted to an Integer"},
      {"CreateStream", R"({"StreamName": true})", "TRUE_VALUE can not be converted to a String"},
      {"CreateStream", R"({"StreamName": {}})",
       "Start of structure or map found where not expected."},
      {"DescribeStream", R"({"StreamName": [], "Limit": 0})",
       "Start of list found where not expected"},
      {"PutRecord", R"({"StreamName": "s", "PartitionKey": "k", "Data": "!!"})",
       "Base64 encoded value of Data is malformed"},
      {"PutRecords", R"({"StreamName": "s", "Records": [{"Data": 5, "PartitionKey": "k"}]})",
       "NUMBER_VALUE can not be converted to a Blob"},
      {"GetRecords", R"({"ShardIterator": "x", "Limit": 1.5})",
       "DECIMAL_VALUE can not be converted to an Integer"},
      {"GetShardIterator",
       R"({"StreamName": "s", "ShardId": "a", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": "yesterday"})",
       "STRING_VALUE can not be converted to a Timestamp"},
      {"AddTagsToStream", R"({"StreamName": "s", "Tags": {"k": 1}})",
       "NUMBER_VALUE can not be converted to a String"},
      {"DeleteStream", R"({"StreamName": "s", "EnforceConsumerDeletion": "yes"})",
       "STRING_VALUE can not be converted to a Boolean"},
  };
  for (const auto& c : cases) {
    const auto reply = call(c.action, std::string(c.body));
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.type(), "SerializationException") << c.body;
    EXPECT_EQ(reply.message(), c.message) << c.body;
  }
  EXPECT_EQ(call("ListStreams", std::string("{not json")).type(), "SerializationException");
  EXPECT_EQ(call("ListStreams", std::string("[1]")).type(), "SerializationException");
}

TEST(RequestSpecTest, UndescribedListAndMapElementsAreAccepted) {
  const wire::RequestSpec spec = {{"Things", wire::FieldType::kList},
                                  {"Props", wire::FieldType::kMap}};
  EXPECT_TRUE(
      wire::check_request(json{{"Things", {1, "a", json::object()}}, {"Props", {{"k", 1}}}}, spec)
          .is_ok());
  EXPECT_EQ(wire::check_request(json{{"Things", 5}}, spec).error().type, "SerializationException");
}

TEST_F(KinesisJsonApiTest, UnknownActionIsRejected) {
  const auto response = api.handle("Kinesis_20131202.FlyToTheMoon", "{}");
  EXPECT_EQ(json::parse(response.body)["__type"], "UnknownOperationException");
}

// --- Validation: AWS's wording, every violated constraint listed ---

TEST_F(KinesisJsonApiTest, ValidationErrorsUseAwsWording) {
  struct Case {
    const char* action;
    json body;
    std::string message;
  };
  const Case cases[] = {
      {"CreateStream", json::object(),
       "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: "
       "Member must not be null"},
      {"CreateStream", json{{"StreamName", "a b"}, {"ShardCount", 0}},
       "2 validation errors detected: Value 'a b' at 'streamName' failed to satisfy constraint: "
       "Member must "
       "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '0' at 'shardCount' failed to "
       "satisfy "
       "constraint: Member must have value greater than or equal to 1"},
      {"CreateStream", json{{"StreamName", std::string(129, 'a')}, {"ShardCount", 1}},
       ("1 validation error detected: Value '" + std::string(129, 'a') +
        "' at 'streamName' failed to satisfy constraint: Member must have length less than or "
        "equal to 128")},
      {"GetShardIterator",
       json{{"StreamName", "s"},
            {"ShardId", "shardId-000000000000"},
            {"ShardIteratorType", "OLDEST"}},
       "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy "
       "constraint: Member must "
       "satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, "
       "AT_TIMESTAMP]"},
      {"PutRecord", json{{"StreamName", "s"}, {"PartitionKey", ""}, {"Data", "YQ=="}},
       "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: "
       "Member must have "
       "length greater than or equal to 1"},
      {"PutRecord",
       json{{"StreamName", "s"},
            {"PartitionKey", "k"},
            {"Data", base64_encode(std::string((1 << 20) + 1, 'x'))}},
       "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "
       "cap=1048577]' at 'data' failed "
       "to satisfy constraint: Member must have length less than or equal to 1048576"},
      {"PutRecords", json{{"StreamName", "s"}, {"Records", json::array({json{{"Data", "YQ=="}}})}},
       "1 validation error detected: Value null at 'records.1.member.partitionKey' failed to "
       "satisfy constraint: "
       "Member must not be null"},
      {"PutRecords", json{{"StreamName", "s"}, {"Records", json::array()}},
       "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member "
       "must have length "
       "greater than or equal to 1"},
      {"PutRecord",
       json{
           {"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", "YQ=="}, {"ExplicitHashKey", "01"}},
       "1 validation error detected: Value '01' at 'explicitHashKey' failed to satisfy constraint: "
       "Member must "
       "satisfy regular expression pattern: 0|([1-9]\\d{0,38})"},
      {"GetRecords", json{{"ShardIterator", "x"}, {"Limit", 10001}},
       "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member "
       "must have value "
       "less than or equal to 10000"},
      {"UpdateShardCount", json{{"StreamName", "s"}, {"TargetShardCount", 2}},
       "1 validation error detected: Value null at 'scalingType' failed to satisfy constraint: "
       "Member must not be null"},
  };
  for (const auto& c : cases) {
    const auto reply = call(c.action, c.body);
    EXPECT_EQ(reply.type(), "ValidationException")
        << c.action << " " << c.body.dump().substr(0, 200);
    EXPECT_EQ(reply.message(), c.message) << c.action;
  }
}

TEST_F(KinesisJsonApiTest, StreamNameOrArnIsRequiredAndMustAgree) {
  create_active("core", 1);
  EXPECT_EQ(call("DescribeStreamSummary", json::object()).type(), "InvalidArgumentException");
  const auto by_arn =
      call("DescribeStreamSummary",
           json{{"StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/core"}});
  EXPECT_EQ(by_arn.body["StreamDescriptionSummary"]["StreamName"], "core");
  EXPECT_EQ(call("DescribeStreamSummary",
                 json{{"StreamName", "other"},
                      {"StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/core"}})
                .type(),
            "InvalidArgumentException");
  EXPECT_EQ(call("DescribeStream", json{{"StreamName", "nope"}}).message(),
            "Stream nope under account 123456789012 not found.");
}

// --- Functionality ---

TEST_F(KinesisJsonApiTest, CreateDescribeListDelete) {
  create_active("core", 2);
  create_active("local", 1);
  const auto described =
      call("DescribeStream", json{{"StreamName", "core"}}).body["StreamDescription"];
  EXPECT_EQ(described["StreamStatus"], "ACTIVE");
  EXPECT_EQ(described["StreamARN"], "arn:aws:kinesis:us-east-1:123456789012:stream/core");
  EXPECT_EQ(described["RetentionPeriodHours"], 24);
  ASSERT_EQ(described["Shards"].size(), 2u);
  EXPECT_EQ(described["Shards"][0]["HashKeyRange"]["EndingHashKey"],
            "170141183460469231731687303715884105727");
  EXPECT_EQ(described["Shards"][0]["SequenceNumberRange"]["StartingSequenceNumber"]
                .get<std::string>()
                .size(),
            56u);
  EXPECT_EQ(described["HasMoreShards"], false);
  const auto page =
      call("DescribeStream", json{{"StreamName", "core"}, {"Limit", 1}}).body["StreamDescription"];
  EXPECT_EQ(page["Shards"].size(), 1u);
  EXPECT_EQ(page["HasMoreShards"], true);
  const auto summary =
      call("DescribeStreamSummary", json{{"StreamName", "core"}}).body["StreamDescriptionSummary"];
  EXPECT_EQ(summary["OpenShardCount"], 2);
  const auto listed = call("ListStreams", json{{"Limit", 1}}).body;
  EXPECT_EQ(listed["StreamNames"], json::array({"core"}));
  EXPECT_EQ(listed["HasMoreStreams"], true);
  EXPECT_EQ(call("ListStreams", json{{"NextToken", listed["NextToken"]}}).body["StreamNames"],
            json::array({"local"}));
  EXPECT_EQ(call("CreateStream", json{{"StreamName", "core"}, {"ShardCount", 1}}).type(),
            "ResourceInUseException");
  EXPECT_EQ(call("DeleteStream", json{{"StreamName", "core"}}).status, 200);
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_EQ(call("DescribeStream", json{{"StreamName", "core"}}).type(),
            "ResourceNotFoundException");
}

TEST_F(KinesisJsonApiTest, PutAndGetRecordsRoundTripBase64Data) {
  create_active("core", 1);
  const auto put = call("PutRecord", json{{"StreamName", "core"},
                                          {"PartitionKey", "p1"},
                                          {"Data", base64_encode("Hello, Lambda CLI World")}});
  ASSERT_EQ(put.status, 200);
  EXPECT_EQ(put.body["ShardId"], "shardId-000000000000");
  EXPECT_EQ(put.body["SequenceNumber"].get<std::string>().size(), 56u);
  json records = json::array();
  for (int i = 0; i < 3; ++i)
    records.push_back({{"Data", base64_encode("r" + std::to_string(i))}, {"PartitionKey", "p2"}});
  const auto batch = call("PutRecords", json{{"StreamName", "core"}, {"Records", records}});
  EXPECT_EQ(batch.body["FailedRecordCount"], 0);
  EXPECT_EQ(batch.body["Records"].size(), 3u);
  const auto iterator = call("GetShardIterator", json{{"StreamName", "core"},
                                                      {"ShardId", "shardId-000000000000"},
                                                      {"ShardIteratorType", "TRIM_HORIZON"}});
  const auto got =
      call("GetRecords", json{{"ShardIterator", iterator.body["ShardIterator"]}, {"Limit", 2}});
  ASSERT_EQ(got.status, 200);
  ASSERT_EQ(got.body["Records"].size(), 2u);
  EXPECT_EQ(got.body["Records"][0]["Data"], base64_encode("Hello, Lambda CLI World"));
  EXPECT_EQ(got.body["Records"][0]["PartitionKey"], "p1");
  EXPECT_EQ(got.body["Records"][0]["SequenceNumber"], put.body["SequenceNumber"]);
  EXPECT_DOUBLE_EQ(got.body["Records"][0]["ApproximateArrivalTimestamp"].get<double>(),
                   1490659201.0);  // created at 0, clock moved 1 s
  EXPECT_TRUE(got.body.contains("NextShardIterator"));
  EXPECT_GT(got.body["MillisBehindLatest"].get<int>(), -1);
  const auto rest = call("GetRecords", json{{"ShardIterator", got.body["NextShardIterator"]}});
  EXPECT_EQ(rest.body["Records"].size(), 2u);
  EXPECT_EQ(call("GetRecords", json{{"ShardIterator", "bogus"}}).type(),
            "InvalidArgumentException");
}

TEST_F(KinesisJsonApiTest, AtTimestampTakesEpochSeconds) {
  create_active("core", 1);
  call("PutRecord",
       json{{"StreamName", "core"}, {"PartitionKey", "k"}, {"Data", base64_encode("early")}});
  scheduler.run_for(std::chrono::seconds(5));
  call("PutRecord",
       json{{"StreamName", "core"}, {"PartitionKey", "k"}, {"Data", base64_encode("late")}});
  const auto iterator = call("GetShardIterator", json{{"StreamName", "core"},
                                                      {"ShardId", "shardId-000000000000"},
                                                      {"ShardIteratorType", "AT_TIMESTAMP"},
                                                      {"Timestamp", 1490659203.0}});
  const auto got = call("GetRecords", json{{"ShardIterator", iterator.body["ShardIterator"]}});
  ASSERT_EQ(got.body["Records"].size(), 1u);
  EXPECT_EQ(got.body["Records"][0]["Data"], base64_encode("late"));
}

TEST_F(KinesisJsonApiTest, PutRecordsReportsThrottledRecordsPerRecord) {
  create_active("core", 1);
  json records = json::array();
  for (int i = 0; i < 500; ++i) records.push_back({{"Data", "YQ=="}, {"PartitionKey", "k"}});
  call("PutRecords", json{{"StreamName", "core"}, {"Records", records}});
  call("PutRecords", json{{"StreamName", "core"}, {"Records", records}});
  const auto third = call("PutRecords", json{{"StreamName", "core"},
                                             {"Records", json::array({records[0], records[1]})}});
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.body["FailedRecordCount"], 2);
  EXPECT_EQ(third.body["Records"][0]["ErrorCode"], "ProvisionedThroughputExceededException");
  EXPECT_FALSE(third.body["Records"][0].contains("SequenceNumber"));
  const auto single =
      call("PutRecord", json{{"StreamName", "core"}, {"PartitionKey", "k"}, {"Data", "YQ=="}});
  EXPECT_EQ(single.type(), "ProvisionedThroughputExceededException");
}

TEST_F(KinesisJsonApiTest, ReshardingActionsAndListShards) {
  create_active("core", 2);
  EXPECT_EQ(
      call("SplitShard", json{{"StreamName", "core"},
                              {"ShardToSplit", "shardId-000000000000"},
                              {"NewStartingHashKey", "85070591730234615865843651857942052864"}})
          .status,
      200);
  scheduler.run_for(std::chrono::seconds(1));
  auto shards = call("ListShards", json{{"StreamName", "core"}}).body["Shards"];
  ASSERT_EQ(shards.size(), 4u);
  EXPECT_EQ(shards[2]["ParentShardId"], "shardId-000000000000");
  EXPECT_EQ(
      call("ListShards", json{{"StreamName", "core"}, {"ShardFilter", {{"Type", "AT_LATEST"}}}})
          .body["Shards"]
          .size(),
      3u);
  const auto first_page = call("ListShards", json{{"StreamName", "core"}, {"MaxResults", 3}}).body;
  ASSERT_TRUE(first_page.contains("NextToken"));
  const auto second_page = call("ListShards", json{{"NextToken", first_page["NextToken"]}}).body;
  EXPECT_EQ(second_page["Shards"].size(), 1u);
  EXPECT_EQ(call("ListShards", json{{"StreamName", "core"}, {"NextToken", first_page["NextToken"]}})
                .type(),
            "InvalidArgumentException");
  EXPECT_EQ(call("MergeShards", json{{"StreamName", "core"},
                                     {"ShardToMerge", "shardId-000000000002"},
                                     {"AdjacentShardToMerge", "shardId-000000000003"}})
                .status,
            200);
  scheduler.run_for(std::chrono::seconds(1));
  const auto update = call(
      "UpdateShardCount",
      json{{"StreamName", "core"}, {"TargetShardCount", 4}, {"ScalingType", "UNIFORM_SCALING"}});
  EXPECT_EQ(update.body["CurrentShardCount"], 2);
  EXPECT_EQ(update.body["TargetShardCount"], 4);
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_EQ(call("DescribeStreamSummary", json{{"StreamName", "core"}})
                .body["StreamDescriptionSummary"]["OpenShardCount"],
            4);
}

TEST_F(KinesisJsonApiTest, RetentionAndTags) {
  create_active("core", 1);
  EXPECT_EQ(call("IncreaseStreamRetentionPeriod",
                 json{{"StreamName", "core"}, {"RetentionPeriodHours", 72}})
                .status,
            200);
  EXPECT_EQ(call("DecreaseStreamRetentionPeriod",
                 json{{"StreamName", "core"}, {"RetentionPeriodHours", 100}})
                .type(),
            "InvalidArgumentException");
  EXPECT_EQ(call("DecreaseStreamRetentionPeriod",
                 json{{"StreamName", "core"}, {"RetentionPeriodHours", 48}})
                .status,
            200);
  EXPECT_EQ(call("DescribeStreamSummary", json{{"StreamName", "core"}})
                .body["StreamDescriptionSummary"]["RetentionPeriodHours"],
            48);
  EXPECT_EQ(
      call("AddTagsToStream", json{{"StreamName", "core"}, {"Tags", {{"b", "2"}, {"a", "1"}}}})
          .status,
      200);
  auto tags = call("ListTagsForStream", json{{"StreamName", "core"}, {"Limit", 1}}).body;
  EXPECT_EQ(tags["Tags"], json::array({json{{"Key", "a"}, {"Value", "1"}}}));
  EXPECT_EQ(tags["HasMoreTags"], true);
  EXPECT_EQ(call("RemoveTagsFromStream", json{{"StreamName", "core"}, {"TagKeys", {"a"}}}).status,
            200);
  tags = call("ListTagsForStream", json{{"StreamName", "core"}}).body;
  EXPECT_EQ(tags["Tags"], json::array({json{{"Key", "b"}, {"Value", "2"}}}));
}

TEST_F(KinesisJsonApiTest, BadInputNeverLosesAcceptedData) {
  create_active("core", 1);
  call("PutRecord",
       json{{"StreamName", "core"}, {"PartitionKey", "k"}, {"Data", base64_encode("kept")}});
  for (const char* body : {"", "{", "null", "\"x\"", "{\"Records\": null}",
                           "{\"StreamName\": \"core\", \"Records\": [null]}"}) {
    const auto response = api.handle("PutRecords", body);
    EXPECT_NE(response.http_status, 200) << body;
  }
  const auto iterator = call("GetShardIterator", json{{"StreamName", "core"},
                                                      {"ShardId", "shardId-000000000000"},
                                                      {"ShardIteratorType", "TRIM_HORIZON"}});
  const auto got = call("GetRecords", json{{"ShardIterator", iterator.body["ShardIterator"]}});
  ASSERT_EQ(got.body["Records"].size(), 1u);
  EXPECT_EQ(got.body["Records"][0]["Data"], base64_encode("kept"));
}

}  // namespace
}  // namespace streamlab::kinesis
