#include "harness/world.h"

#include "emulator/functions/functions.h"
#include "emulator/functions/idempotent_writer.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

SimulatedScheduler::Options scheduler_options(const Scenario& scenario, std::uint64_t seed,
                                              TraceRecorder* trace) {
  SimulatedScheduler::Options options;
  options.seed = seed;
  options.trace = trace;
  for (const auto& [operation, range] : scenario.latencies) {
    const auto distribution = LatencyDistribution::uniform(range.first, range.second);
    if (operation.empty()) {
      options.latencies.set_default(distribution);
    } else {
      options.latencies.set(operation, distribution);
    }
  }
  return options;
}

kinesis::KinesisOptions kinesis_options() {
  kinesis::KinesisOptions options;
  options.limits_enabled = false;  // per stream, from the scenario
  return options;
}

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed, TraceRecorder* trace)
    : scheduler(scheduler_options(scenario, seed, trace)),
      kinesis(scheduler, kinesis_options()),
      db(scheduler, dynamodb::DynamoDbOptions{}),
      logs(scheduler),
      lambda(scheduler, AwsIdentity{}, logs),
      mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db),
      scenario_(scenario) {
  lambda.set_services({&kinesis, &db, &logs, &lambda, &push_transport, &occurrences});
  functions::register_functions(lambda);
}

World::~World() = default;

Status World::build() {
  for (const auto& stream : scenario_.streams) {
    STREAMLAB_RETURN_IF_ERROR(
        kinesis.create_stream(stream.name, static_cast<std::uint32_t>(stream.shards)));
  }
  for (const auto& table : scenario_.tables) {
    if (table.kind == "winner-ordered") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_winner_ordered_tables(db));
    } else if (table.kind == "winner-tolerant") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_winner_tolerant_tables(db, table.prefix));
    } else if (table.kind == "fanout-targets") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_fanout_targets_table(db, table.function));
    } else if (table.kind == "push-subscribers") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_push_subscribers_table(db, table.function));
    } else if (table.kind == "versioned") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_versioned_table(db, table.name, table.key));
    } else if (table.kind == "effects") {
      STREAMLAB_RETURN_IF_ERROR(functions::create_effects_table(db, table.name, table.key));
    }
  }
  for (const auto& function : scenario_.functions) {
    lambda::FunctionConfig config{function.name, function.handler};
    config.environment = function.environment;
    config.timeout = std::chrono::seconds(function.timeout_seconds);
    STREAMLAB_RETURN_IF_ERROR(lambda.create_function(config).status());
  }
  scheduler.run_for(std::chrono::seconds(1));  // streams and tables become ACTIVE
  for (const auto& stream : scenario_.streams) {
    STREAMLAB_RETURN_IF_ERROR(kinesis.set_limits_enabled(stream.name, stream.limits));
  }
  for (const auto& target : scenario_.targets) STREAMLAB_RETURN_IF_ERROR(put_target(target));
  for (const auto& subscriber : scenario_.subscribers) {
    const std::string url = subscriber["url"];
    auto client = std::make_unique<push::ConsumerClient>();
    for (const auto& channel : subscriber["channels"]) {
      client->on(channel, [this, url](const push::PushedEvent& event) {
        const json data = json::parse(event.data_json, nullptr, false);
        std::string key;
        if (data.is_object() && data.contains("data") && data["data"].is_object())
          key = data["data"].value("id", "");
        push_received[url].push_back({event.sequence_number, key, scheduler.now()});
        return Status::ok();
      });
      STREAMLAB_RETURN_IF_ERROR(
          functions::register_push_subscriber(db, subscriber["function"], channel, url));
    }
    push_transport.attach(url, *client);
    clients_.push_back(std::move(client));
  }
  for (const auto& mapping : scenario_.mappings) STREAMLAB_RETURN_IF_ERROR(create_mapping(mapping));
  scheduler.run_for(std::chrono::seconds(1));  // mappings become Enabled
  return Status::ok();
}

Result<std::string> World::source_arn(const std::string& source) const {
  if (source.rfind("table:", 0) == 0) {
    const auto arns = db.list_stream_arns(source.substr(6));
    if (arns.empty())
      return errors::validation("table " + source.substr(6) +
                                " has no stream (use a versioned table)");
    return arns.front();
  }
  return kinesis.identity().kinesis_stream_arn(source);
}

Status World::create_mapping(const json& spec) {
  lambda::esm::MappingConfig config;
  config.function_name = spec["function"];
  STREAMLAB_ASSIGN_OR_RETURN(config.event_source_arn, source_arn(spec["source"]));
  config.batch_size = spec.value("batch_size", std::size_t{100});
  config.starting_position = spec.value("starting_position", "TRIM_HORIZON") == "LATEST"
                                 ? lambda::esm::StartingPosition::kLatest
                                 : lambda::esm::StartingPosition::kTrimHorizon;
  config.maximum_batching_window = std::chrono::seconds(spec.value("batching_window_seconds", 0));
  config.parallelization_factor = spec.value("parallelization_factor", 1);
  config.maximum_retry_attempts = spec.value("maximum_retry_attempts", -1);
  config.maximum_record_age_seconds = spec.value("maximum_record_age_seconds", -1);
  config.bisect_batch_on_function_error = spec.value("bisect_batch_on_function_error", false);
  config.report_batch_item_failures = spec.value("report_batch_item_failures", false);
  config.enabled = spec.value("enabled", true);
  return mappings.create(config).status();
}

Result<std::string> World::mapping_uuid(const std::string& function,
                                        const std::string& source) const {
  STREAMLAB_ASSIGN_OR_RETURN(auto arn, source_arn(source));
  const auto found = mappings.list(function, arn);
  if (found.empty())
    return errors::resource_not_found("no mapping from " + source + " to " + function);
  return found.front().uuid;
}

Status World::put_target(const json& spec) {
  dynamodb::Item row;
  row["sourceArn"] = dynamodb::AttributeValue::string(
      kinesis.identity().kinesis_stream_arn(spec["source"].get<std::string>()));
  row["id"] = dynamodb::AttributeValue::string(spec["id"].get<std::string>());
  row["type"] = dynamodb::AttributeValue::string(spec.value("type", "kinesis"));
  row["destination"] = dynamodb::AttributeValue::string(spec["destination"].get<std::string>());
  // The original `register` makes targets inactive unless --active true.
  row["active"] = dynamodb::AttributeValue::boolean(spec.value("active", false));
  if (spec.contains("parallel"))
    row["parallel"] = dynamodb::AttributeValue::boolean(spec["parallel"].get<bool>());
  row["collapse"] = dynamodb::AttributeValue::string(spec.value("collapse", "none"));
  return db.put_item({spec["function"].get<std::string>() + "Targets", std::move(row), {}})
      .status();
}

}  // namespace streamlab::harness
