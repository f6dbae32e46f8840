// The emulated topology of one run: a simulated scheduler and every service
// on it, built from a scenario's topology. Owns everything; destroyed with
// the run.
#pragma once

#include <memory>
#include <vector>

#include "emulator/core/occurrences.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/core/trace.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"
#include "emulator/lambda/lambda_service.h"
#include "emulator/logs/logs_service.h"
#include "emulator/push/consumer_client.h"
#include "emulator/push/in_process_transport.h"
#include "harness/scenario.h"

namespace streamlab::harness {

// What a push subscriber received, in order.
struct PushDelivery {
  std::string sequence_number;
  std::string partition_key;  // of the pushed record when its data says (data.id), else ""
  TimePoint at;
};

class World {
 public:
  // REQUIRES: `trace` (may be null) outlives the world.
  World(const Scenario& scenario, std::uint64_t seed, TraceRecorder* trace);
  ~World();

  // Creates streams, tables and functions, waits for them to be ACTIVE, then
  // registers targets and subscribers and creates the mappings.
  Status build();

  // A mapping from its JSON (the scenario's topology or a hook step).
  Status create_mapping(const nlohmann::json& spec);
  // The ARN of a mapping source: a stream name, or table:NAME.
  Result<std::string> source_arn(const std::string& source) const;
  Result<std::string> mapping_uuid(const std::string& function, const std::string& source) const;
  Status put_target(const nlohmann::json& spec);

  // Declared first: the services note into it until they are destroyed.
  Occurrences occurrences;
  SimulatedScheduler scheduler;
  kinesis::KinesisService kinesis;
  dynamodb::DynamoDbService db;
  logs::LogsService logs;
  lambda::LambdaService lambda;
  lambda::esm::EventSourceMappings mappings;
  push::InProcessTransport push_transport;
  std::map<std::string, std::vector<PushDelivery>> push_received;  // by subscriber URL

 private:
  const Scenario& scenario_;
  std::vector<std::unique_ptr<push::ConsumerClient>> clients_;
};

}  // namespace streamlab::harness
