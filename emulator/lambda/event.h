// The event a handler receives. Its meaning is always AWS's event JSON
// (`json()`); an event source mapping over Kinesis also hands over its records
// typed, so the native handlers (fanout, winners) read the bytes directly
// instead of base64-encoding, building, copying and re-parsing that JSON for
// every record. The JSON is built from the typed records on first use and is
// field for field what the mapping would have sent (Lambda developer guide,
// "Using Lambda with Kinesis", the sample event).
//
// Copies share the records and the built JSON. Not thread-safe (the scheduler's thread).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/core/shared_bytes.h"
#include "emulator/core/status.h"

namespace streamlab::lambda {

// What the records of one shard share in their event JSON.
struct KinesisRecordOrigin {
  std::string shard_id;
  std::string stream_arn;  // eventSourceARN
  std::string role_arn;    // invokeIdentityArn
  std::string region;      // awsRegion
};

// One Kinesis record as a mapping delivers it.
struct KinesisEventRecord {
  SharedBytes data;  // raw bytes (base64 only in the JSON); the shard's own, not a copy
  std::string partition_key;
  std::string sequence_number;
  std::int64_t arrival_ms = 0;
  std::shared_ptr<const KinesisRecordOrigin> origin;

  std::string event_id() const {
    std::string out;
    write_event_id(out);
    return out;
  }
  // The eventID into `out` (replacing what it held): a reused buffer allocates once.
  void write_event_id(std::string& out) const {
    out.assign(origin->shard_id).append(":").append(sequence_number);
  }
  // One element of the event's "Records", as AWS writes it.
  nlohmann::json to_json() const;
};

using KinesisRecordPtr = std::shared_ptr<const KinesisEventRecord>;

// Reads one element of a JSON event's "Records" as a Kinesis record (the
// origin's shard id from its eventID). Errors name what is missing or malformed.
Result<KinesisEventRecord> kinesis_record_from_json(const nlohmann::json& record);

class Event {
 public:
  Event(nlohmann::json json);  // NOLINT(google-explicit-constructor): any JSON is an event
  // A Kinesis mapping's event: {"Records": [...]} built from these when asked.
  explicit Event(std::vector<KinesisRecordPtr> records);

  const nlohmann::json& json() const;
  // Handlers written against the JSON take the event as JSON.
  operator const nlohmann::json&() const { return json(); }  // NOLINT(google-explicit-constructor)

  // The typed records when a Kinesis mapping built this event; null otherwise
  // (then read `json()`, e.g. with kinesis_record_from_json).
  const std::vector<KinesisRecordPtr>* kinesis_records() const;
  // The "Records" array of the JSON; an InvalidEvent error when there is none.
  Result<const nlohmann::json*> json_records() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace streamlab::lambda
