#include "emulator/lambda/event.h"

#include <cmath>
#include <optional>

#include "emulator/core/base64.h"

namespace streamlab::lambda {

struct Event::State {
  std::optional<std::vector<KinesisRecordPtr>> kinesis;
  std::optional<nlohmann::json> json;  // built from `kinesis` on first use
};

nlohmann::json KinesisEventRecord::to_json() const {
  nlohmann::json kinesis_part = {
      {"kinesisSchemaVersion", "1.0"},
      {"partitionKey", partition_key},
      {"sequenceNumber", sequence_number},
      {"data", base64_encode(data)},
      {"approximateArrivalTimestamp", static_cast<double>(arrival_ms) / 1000.0}};
  return {{"kinesis", std::move(kinesis_part)},
          {"eventSource", "aws:kinesis"},
          {"eventVersion", "1.0"},
          {"eventID", event_id()},
          {"eventName", "aws:kinesis:record"},
          {"invokeIdentityArn", origin->role_arn},
          {"awsRegion", origin->region},
          {"eventSourceARN", origin->stream_arn}};
}

Result<KinesisEventRecord> kinesis_record_from_json(const nlohmann::json& record) {
  const auto text = [](const nlohmann::json& object, const char* name) -> const std::string* {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
  };
  if (!record.is_object()) return errors::make("InvalidEvent", "a record is not an object");
  const std::string* event_id = text(record, "eventID");
  const std::string where = "record " + (event_id ? *event_id : std::string("?"));
  auto kinesis = record.find("kinesis");
  if (kinesis == record.end() || !kinesis->is_object())
    return errors::make("InvalidEvent", where + " has no kinesis object");
  const std::string* data = text(*kinesis, "data");
  if (!data) return errors::make("InvalidEvent", where + " has no kinesis.data");
  auto decoded = base64_decode(*data);
  if (!decoded) return errors::make("InvalidEvent", where + ": data is not base64");
  KinesisEventRecord out;
  out.data = std::move(*decoded);
  if (const std::string* key = text(*kinesis, "partitionKey")) out.partition_key = *key;
  if (const std::string* sequence = text(*kinesis, "sequenceNumber"))
    out.sequence_number = *sequence;
  if (auto arrival = kinesis->find("approximateArrivalTimestamp");
      arrival != kinesis->end() && arrival->is_number()) {
    out.arrival_ms = static_cast<std::int64_t>(std::llround(arrival->get<double>() * 1000.0));
  }
  auto origin = std::make_shared<KinesisRecordOrigin>();
  // eventID is "<shard id>:<sequence number>".
  if (event_id) origin->shard_id = event_id->substr(0, event_id->rfind(':'));
  if (const std::string* arn = text(record, "eventSourceARN")) origin->stream_arn = *arn;
  if (const std::string* role = text(record, "invokeIdentityArn")) origin->role_arn = *role;
  if (const std::string* region = text(record, "awsRegion")) origin->region = *region;
  out.origin = std::move(origin);
  return out;
}

Event::Event(nlohmann::json json) : state_(std::make_shared<State>()) {
  state_->json = std::move(json);
}

Event::Event(std::vector<KinesisRecordPtr> records) : state_(std::make_shared<State>()) {
  state_->kinesis = std::move(records);
}

const nlohmann::json& Event::json() const {
  if (!state_->json) {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& record : *state_->kinesis) records.push_back(record->to_json());
    state_->json = nlohmann::json{{"Records", std::move(records)}};
  }
  return *state_->json;
}

const std::vector<KinesisRecordPtr>* Event::kinesis_records() const {
  return state_->kinesis ? &*state_->kinesis : nullptr;
}

Result<const nlohmann::json*> Event::json_records() const {
  const nlohmann::json& document = json();
  const auto records = document.is_object() ? document.find("Records") : document.end();
  if (!document.is_object() || records == document.end() || !records->is_array())
    return errors::make("InvalidEvent", "the event has no Records");
  return &*records;
}

}  // namespace streamlab::lambda
