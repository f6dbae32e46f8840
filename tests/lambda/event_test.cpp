#include "emulator/lambda/event.h"

#include <gtest/gtest.h>

namespace streamlab::lambda {
namespace {

KinesisRecordPtr sample_record() {
  auto origin = std::make_shared<KinesisRecordOrigin>(KinesisRecordOrigin{
      "shardId-000000000001", "arn:aws:kinesis:us-east-1:000000000000:stream/core",
      "arn:aws:iam::000000000000:role/fanout-role", "us-east-1"});
  auto record = std::make_shared<KinesisEventRecord>();
  record->data = "Hello, this is a test.";
  record->partition_key = "product-7";
  record->sequence_number = "49590338271490256608559692538361571095921575989136588898";
  record->arrival_ms = 1545084650987;
  record->origin = origin;
  return record;
}

// Lambda developer guide, "Using Lambda with Kinesis": the sample event's record, field for field.
TEST(EventTest, TypedKinesisRecordsBuildAwsEventJson) {
  const Event event(std::vector<KinesisRecordPtr>{sample_record()});
  ASSERT_NE(event.kinesis_records(), nullptr);
  const nlohmann::json expected = {
      {"Records",
       {{{"kinesis",
          {{"kinesisSchemaVersion", "1.0"},
           {"partitionKey", "product-7"},
           {"sequenceNumber", "49590338271490256608559692538361571095921575989136588898"},
           {"data", "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg=="},
           {"approximateArrivalTimestamp", 1545084650.987}}},
         {"eventSource", "aws:kinesis"},
         {"eventVersion", "1.0"},
         {"eventID",
          "shardId-000000000001:49590338271490256608559692538361571095921575989136588898"},
         {"eventName", "aws:kinesis:record"},
         {"invokeIdentityArn", "arn:aws:iam::000000000000:role/fanout-role"},
         {"awsRegion", "us-east-1"},
         {"eventSourceARN", "arn:aws:kinesis:us-east-1:000000000000:stream/core"}}}}};
  EXPECT_EQ(event.json(), expected);
  const nlohmann::json& as_json = event;  // handlers that take JSON get the same document
  EXPECT_EQ(&as_json, &event.json());
}

TEST(EventTest, JsonEventsHaveNoTypedRecords) {
  const Event event(nlohmann::json{{"Records", nlohmann::json::array()}});
  EXPECT_EQ(event.kinesis_records(), nullptr);
  EXPECT_EQ(event.json()["Records"].size(), 0U);
  auto records = event.json_records();
  ASSERT_TRUE(records.is_ok());
  EXPECT_TRUE((*records)->is_array());
}

TEST(EventTest, AnEventWithoutRecordsIsAnInvalidEvent) {
  for (const auto& json : {nlohmann::json::array(), nlohmann::json{{"Records", 1}},
                           nlohmann::json{{"records", nlohmann::json::array()}}}) {
    auto records = Event(json).json_records();
    ASSERT_FALSE(records.is_ok()) << json.dump();
    EXPECT_EQ(records.error().type, "InvalidEvent");
    EXPECT_EQ(records.error().message, "the event has no Records");
  }
}

TEST(EventTest, ReadingTheJsonOfARecordGivesItBack) {
  const KinesisRecordPtr original = sample_record();
  auto read = kinesis_record_from_json(original->to_json());
  ASSERT_TRUE(read.is_ok()) << read.error().message;
  EXPECT_EQ(read->data, original->data);
  EXPECT_EQ(read->partition_key, original->partition_key);
  EXPECT_EQ(read->sequence_number, original->sequence_number);
  EXPECT_EQ(read->arrival_ms, original->arrival_ms);
  EXPECT_EQ(read->event_id(), original->event_id());
  EXPECT_EQ(read->to_json(), original->to_json());
}

TEST(EventTest, MalformedJsonRecordsAreNamedErrors) {
  nlohmann::json record = sample_record()->to_json();
  record["kinesis"]["data"] = "not base64!";
  auto bad_data = kinesis_record_from_json(record);
  ASSERT_FALSE(bad_data.is_ok());
  EXPECT_NE(bad_data.error().message.find("data is not base64"), std::string::npos);
  EXPECT_NE(bad_data.error().message.find("shardId-000000000001:"), std::string::npos);
  record.erase("kinesis");
  auto no_kinesis = kinesis_record_from_json(record);
  ASSERT_FALSE(no_kinesis.is_ok());
  EXPECT_NE(no_kinesis.error().message.find("no kinesis object"), std::string::npos);
  EXPECT_FALSE(kinesis_record_from_json(nlohmann::json::array()).is_ok());
}

}  // namespace
}  // namespace streamlab::lambda
