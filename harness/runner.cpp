#include "harness/runner.h"

#include <algorithm>

#include "emulator/functions/functions.h"
#include "emulator/functions/idempotent_writer.h"
#include "emulator/kinesis/sequence_number.h"
#include "harness/checks.h"
#include "harness/json_field.h"
#include "harness/world.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

constexpr Duration kProducerRetryDelay = std::chrono::milliseconds(200);
constexpr int kProducerMaxAttempts = 10;

std::string describe_data(const std::string& data) {
  const json parsed = json::parse(data, nullptr, false);
  if (parsed.is_object() && parsed.contains("data") && parsed["data"].is_object()) {
    const std::string schema = parsed["data"].value("schema", "");
    const auto slash = schema.find("/product/");
    const std::string kind =
        slash == std::string::npos
            ? schema
            : schema.substr(slash + 9, schema.find('/', slash + 9) - slash - 9);
    std::string who = parsed.value("origin", "");
    const auto parts = who.find('/', who.find('/') + 1);
    if (parts != std::string::npos)
      who = who.substr(parts + 1, who.find('/', parts + 1) - parts - 1);
    return kind + " " + parsed["data"].value("id", "") + (who.empty() ? "" : " by " + who);
  }
  return data.size() > 60 ? "\"" + data.substr(0, 57) + "...\"" : "\"" + data + "\"";
}

// One run: the world plus the producers, faults and script acting on it.
class Run {
 public:
  Run(const Scenario& scenario, std::uint64_t seed, const RunOptions& options)
      : scenario_(scenario),
        seed_(seed),
        options_(options),
        world_(scenario, seed, options.trace),
        keep_business_events_(std::any_of(
            scenario.expectations.begin(), scenario.expectations.end(),
            [](const Expectation& expectation) { return expectation.check == "duplicates"; })) {}

  Result<RunResult> execute() {
    if (Status built = world_.build(); !built.is_ok())
      return errors::make("InvalidScenario", scenario_.file + ": setting up the topology failed: " +
                                                 built.error().message);
    start_ = world_.scheduler.now();
    TimePoint end = start_;
    STREAMLAB_RETURN_IF_ERROR(install_faults());
    for (std::size_t i = 0; i < scenario_.script.size(); ++i) {
      const Step& step = scenario_.script[i];
      end = std::max(end, start_ + step.at);
      if (step.action == "workload") {
        end = std::max(end, schedule_workload(step, i));
      } else if (step.action == "versioned-writes") {
        end = std::max(end, schedule_versioned_writes(step));
      } else {
        world_.scheduler.schedule_at(start_ + step.at, "script " + step.action,
                                     [this, &step] { perform(step); });
      }
    }
    world_.scheduler.run_until(end + scenario_.settle);
    if (!step_errors_.empty()) return errors::make("InvalidScenario", step_errors_.front());
    observe();
    note_mapping_occurrences();
    RunResult result;
    result.seed = seed_;
    for (const auto& expectation : scenario_.expectations)
      result.verdicts.push_back(check_expectation(expectation, observed_, world_));
    result.events_produced = produced_;
    result.occurrences = world_.occurrences.counts();
    result.steps = world_.scheduler.steps_run();
    if (options_.timeline) {
      result.timeline = timeline();
      for (const auto& verdict : result.verdicts)
        result.timeline.insert(result.timeline.end(), verdict.markers.begin(),
                               verdict.markers.end());
      std::stable_sort(result.timeline.begin(), result.timeline.end(),
                       [](const auto& a, const auto& b) { return a.at < b.at; });
    }
    return result;
  }

 private:
  // What the mappings counted, as occurrences (the functions noted theirs as they ran).
  void note_mapping_occurrences() {
    for (const auto& mapping : world_.mappings.list()) {
      auto stats = world_.mappings.stats(mapping.uuid);
      if (!stats.is_ok()) continue;
      world_.occurrences.note("lambda.invocations-failed", stats->failed_invocations);
      world_.occurrences.note("esm.batches-in-flight-together", stats->concurrent_batch_starts);
      world_.occurrences.note("esm.batches-bisected", stats->bisections);
      world_.occurrences.note("esm.child-shards-read-after-parents",
                              stats->child_shards_started_after_parents);
      world_.occurrences.note("esm.records-discarded", stats->records_discarded);
    }
  }

  Status install_faults() {
    for (const auto& fault : scenario_.faults) {
      const json& args = fault.args;
      if (fault.kind == "function-crash") {
        lambda::FunctionFault crash;
        crash.after_records = args.value("after_records", std::size_t{0});
        crash.on_record_containing = args.value("on_record_containing", "");
        crash.times = args.value("times", 1);
        STREAMLAB_RETURN_IF_ERROR(
            world_.lambda.add_fault(args["function"].get<std::string>(), crash));
      } else if (fault.kind == "throttle") {
        STREAMLAB_RETURN_IF_ERROR(
            world_.kinesis.set_limits_enabled(args["stream"].get<std::string>(), true));
      } else if (fault.kind == "subscriber-down" || fault.kind == "subscriber-slow") {
        const std::string url = args["url"];
        const bool down = fault.kind == "subscriber-down";
        const Duration delay =
            Duration(static_cast<std::int64_t>(args.value("delay_ms", 0.0) * 1000));
        const auto from =
            start_ + Duration(static_cast<std::int64_t>(args["from"].get<double>() * 1e6));
        const auto until =
            start_ + Duration(static_cast<std::int64_t>(args["until"].get<double>() * 1e6));
        world_.scheduler.schedule_at(from, "fault " + fault.kind, [this, url, down, delay] {
          if (down)
            world_.push_transport.set_down(url, true);
          else
            world_.push_transport.set_delay(url, delay);
          note("fault: subscriber " + url + (down ? " goes down" : " becomes slow"));
        });
        world_.scheduler.schedule_at(until, "fault " + fault.kind + " ends", [this, url, down] {
          if (down)
            world_.push_transport.set_down(url, false);
          else
            world_.push_transport.set_delay(url, Duration{0});
          note("fault: subscriber " + url + " is back");
        });
      }
    }
    return Status::ok();
  }

  // Whether this put's response is lost (the producer then retries it).
  bool response_lost(const std::string& target) {
    for (const auto& fault : scenario_.faults) {
      if (fault.kind != "producer-response-lost" || fault.args["stream"] != target) continue;
      const std::size_t n = ++puts_to_[target];
      if (fault.args.contains("every") && n % fault.args["every"].get<std::size_t>() == 0)
        return true;
      if (fault.args.contains("probability") &&
          world_.scheduler.random().unit_interval() < fault.args["probability"].get<double>())
        return true;
    }
    return false;
  }

  // A producer's PutRecord: retried on throttling; a lost response is retried too.
  void produce(const std::string& stream, const std::string& key, const std::string& data,
               const std::string& business, int attempt, bool is_retry) {
    auto out = world_.kinesis.put_record(stream, {data, key, std::nullopt, std::nullopt});
    if (!out.is_ok()) {
      if (attempt + 1 < kProducerMaxAttempts) {
        world_.scheduler.schedule_after(kProducerRetryDelay * (attempt + 1), "producer retry",
                                        [this, stream, key, data, business, attempt, is_retry] {
                                          produce(stream, key, data, business, attempt + 1,
                                                  is_retry);
                                        });
      } else {
        note("producer gave up on " + key + ": " + out.status().to_string());
      }
      return;
    }
    ++produced_;
    if (keep_business_events_) {
      observed_.business_event_of[out->sequence_number] = business;
    }
    if (options_.timeline) {  // describing the data parses it: only when a timeline is kept
      note(stream + "/" + out->shard_id.substr(out->shard_id.size() - 2) + " " +
           short_sequence(kinesis::format_sequence_number(out->sequence_number)) + "  key " + key +
           "  " + describe_data(data) + (is_retry ? "  (producer retry: a second copy)" : ""));
    }
    if (!is_retry && response_lost(stream)) {
      world_.occurrences.note("producer.retries");
      world_.scheduler.schedule_after(
          kProducerRetryDelay, "producer retry after a lost response",
          [this, stream, key, data, business] { produce(stream, key, data, business, 0, true); });
    }
  }

  TimePoint schedule_workload(const Step& step, std::size_t index) {
    functions::WorkloadParams params;
    const json& args = step.args;
    params.merchants = args.value("merchants", params.merchants);
    params.photographers = args.value("photographers", params.photographers);
    params.buyers = args.value("buyers", params.buyers);
    params.products = args.value("products", params.products);
    params.purchases = args.value("purchases", params.purchases);
    params.image_probability = args.value("image_probability", params.image_probability);
    if (args.contains("mean_gap_ms"))
      params.mean_gap =
          Duration(static_cast<std::int64_t>(args["mean_gap_ms"].get<double>() * 1000));
    // The workload's own seed derives from the run's, so one seed fixes both.
    auto workload = functions::generate_hello_retail(params, seed_ * 1000003 + index);
    TimePoint last = start_ + step.at;
    // The history holds the only copy; the puts read it from there.
    const std::size_t first = observed_.history.size();
    observed_.history.reserve(first + workload.events.size());
    for (auto& event : workload.events) {
      const TimePoint at = start_ + step.at + event.at;
      last = std::max(last, at);
      auto& stored = observed_.history.emplace_back(std::move(event));
      stored.at = at - start_;
    }
    auto pending = std::make_shared<PendingWorkload>(
        PendingWorkload{args["stream"], index, first, observed_.history.size()});
    schedule_next_put(pending);
    return last;
  }

  // A workload's puts, one scheduled at a time (each schedules the next), so
  // a million-event workload does not sit in the scheduler's queue at once.
  // Its events are history[next, end): the history only grows (other steps
  // append to it) until the run is observed, which is after the last put.
  struct PendingWorkload {
    std::string stream;
    std::size_t index;  // of the workload step
    std::size_t next;
    std::size_t end;
  };
  void schedule_next_put(const std::shared_ptr<PendingWorkload>& pending) {
    if (pending->next >= pending->end) return;
    const TimePoint at = start_ + observed_.history[pending->next].at;
    world_.scheduler.schedule_at(at, "producer", [this, pending] {
      const auto& event = observed_.history[pending->next++];
      // The business event is named only for the check that reads it.
      produce(pending->stream, event.product_id,
              functions::ingress_envelope(event, world_.scheduler.now()),
              keep_business_events_
                  ? "workload:" + std::to_string(pending->index) + ":" + std::to_string(event.index)
                  : std::string(),
              0, false);
      schedule_next_put(pending);
    });
  }

  TimePoint schedule_versioned_writes(const Step& step) {
    const json& args = step.args;
    const std::string table = args["table"];
    const int keys = args.value("keys", 3), versions = args.value("versions", 3);
    const Duration gap = Duration(static_cast<std::int64_t>(args.value("gap_ms", 100.0) * 1000));
    std::string key_attribute = "pk";
    for (const auto& spec : scenario_.tables)
      if (spec.name == table) key_attribute = spec.key;
    TimePoint at = start_ + step.at;
    for (int version = 1; version <= versions; ++version) {
      for (int k = 0; k < keys; ++k) {
        at += gap;
        const std::string key = "key-" + std::to_string(k);
        world_.scheduler.schedule_at(at, "versioned writer",
                                     [this, table, key_attribute, key, version] {
                                       write_versioned(table, key_attribute, key, version, false);
                                     });
      }
    }
    return at;
  }

  void write_versioned(const std::string& table, const std::string& key_attribute,
                       const std::string& key, int version, bool is_retry) {
    dynamodb::Item item;
    item[key_attribute] = dynamodb::AttributeValue::string(key);
    item["version"] = dynamodb::AttributeValue::number(dynamodb::Decimal::from_integer(version));
    auto outcome = functions::put_versioned(world_.db, table, key_attribute, item);
    if (!outcome.is_ok()) {
      step_errors_.push_back(scenario_.file + ": versioned write to " + table +
                             " failed: " + outcome.status().to_string());
      return;
    }
    ++produced_;
    if (*outcome == functions::VersionedWriteOutcome::kWritten) {
      ++observed_.accepted_versions[table][key];
      note(table + " " + key + " version " + std::to_string(version) + " written");
    } else {
      world_.occurrences.note("idempotent-writer.retries-unchanged");
      note(table + " " + key + " version " + std::to_string(version) +
           " already there: the retried write changes nothing");
    }
    if (!is_retry && response_lost("table:" + table)) {
      world_.occurrences.note("producer.retries");
      world_.scheduler.schedule_after(kProducerRetryDelay, "versioned writer retry",
                                      [this, table, key_attribute, key, version] {
                                        write_versioned(table, key_attribute, key, version, true);
                                      });
    }
  }

  void perform(const Step& step) {
    const json& args = step.args;
    Status status;
    const std::string& action = step.action;
    if (action == "put") {
      const std::string data =
          args["data"].is_string() ? args["data"].get<std::string>() : args["data"].dump();
      record_business_event(args["data"], args["partition_key"]);
      produce(args["stream"], args["partition_key"], data, "put:" + step.path, 0, false);
    } else if (action == "register") {
      status = world_.put_target(args);
      note("register target " + args["id"].get<std::string>() + " of " +
           args["function"].get<std::string>());
    } else if (action == "activate" || action == "deactivate") {
      json target = args;
      dynamodb::UpdateItemInput update;
      update.table = args["function"].get<std::string>() + "Targets";
      update.key["sourceArn"] = dynamodb::AttributeValue::string(
          world_.kinesis.identity().kinesis_stream_arn(args["source"].get<std::string>()));
      update.key["id"] = dynamodb::AttributeValue::string(args["id"].get<std::string>());
      update.update = "SET active = :active";
      update.options.condition = "attribute_exists(id)";
      update.options.substitutions.values[":active"] =
          dynamodb::AttributeValue::boolean(action == "activate");
      status = world_.db.update_item(update).status();
      note(action + " target " + args["id"].get<std::string>() + " of " +
           args["function"].get<std::string>());
    } else if (action == "hook") {
      status = world_.create_mapping(args);
      note("hook " + args["function"].get<std::string>() + " to " +
           args["source"].get<std::string>() + " (" +
           args.value("starting_position", "TRIM_HORIZON") + ")");
    } else if (action == "unhook" || action == "pause" || action == "resume") {
      auto uuid = world_.mapping_uuid(args["function"], args["source"]);
      if (!uuid.is_ok()) {
        status = uuid.status();
      } else if (action == "unhook") {
        status = world_.mappings.remove(*uuid).status();
      } else {
        lambda::esm::MappingUpdate update;
        update.enabled = action == "resume";
        status = world_.mappings.update(*uuid, update).status();
      }
      note(action + " " + args["function"].get<std::string>() + " on " +
           args["source"].get<std::string>());
    } else if (action == "reshard") {
      status = world_.kinesis.update_shard_count(args["stream"].get<std::string>(),
                                                 args["shards"].get<std::uint32_t>());
      note("reshard " + args["stream"].get<std::string>() + " to " +
           std::to_string(args["shards"].get<int>()) + " shards");
    } else if (action == "deploy") {
      auto current = world_.lambda.get_function(args["function"].get<std::string>());
      if (!current.is_ok()) {
        status = current.status();
      } else {
        lambda::FunctionConfig config = current->config;
        for (const auto& [name, value] : args["environment"].items())
          config.environment[name] = value;
        status = world_.lambda.update_function(config).status();
        note("deploy " + config.name + " with " + args["environment"].dump());
      }
    } else if (action == "subscribe") {
      status = functions::register_push_subscriber(world_.db, args["function"], args["channel"],
                                                   args["url"]);
    }
    if (!status.is_ok())
      step_errors_.push_back(scenario_.file + ": " + step.path + "." + action + ": " +
                             status.error().message);
  }

  // An explicit hello-retail ingress event is part of the true history, as
  // the workload's are.
  void record_business_event(const json& data, const std::string& key) {
    if (!data.is_object() || !data.contains("data") || !data["data"].is_object()) return;
    const std::string schema = data["data"].value("schema", "");
    functions::WorkloadEvent event;
    if (schema == "com.nordstrom/product/create/1-0-0") {
      event.kind = functions::WorkloadEventKind::kCreate;
    } else if (schema == "com.nordstrom/product/image/1-0-0") {
      event.kind = functions::WorkloadEventKind::kImage;
    } else if (schema == "com.nordstrom/product/purchase/1-0-0") {
      event.kind = functions::WorkloadEventKind::kPurchase;
    } else {
      return;
    }
    event.index = observed_.history.size();
    event.at = world_.scheduler.now() - start_;
    event.product_id = data["data"].value("id", key);
    event.origin = data.value("origin", "");
    observed_.history.push_back(std::move(event));
  }

  void note(std::string text) {
    if (options_.timeline) timeline_.push_back({world_.scheduler.now(), std::move(text)});
  }

  void observe() {
    for (const auto& spec : scenario_.streams) {
      auto described = world_.kinesis.describe_stream(spec.name);
      if (!described.is_ok()) continue;
      auto shards = described->shards;
      std::sort(shards.begin(), shards.end(),
                [](const auto& a, const auto& b) { return a.shard_id < b.shard_id; });
      auto& records = observed_.streams[spec.name];
      std::string event_id;  // one buffer for every record's
      for (const auto& shard : shards) {
        auto iterator = world_.kinesis.get_shard_iterator(
            {spec.name, shard.shard_id, kinesis::IteratorType::kTrimHorizon});
        for (int pages = 0; iterator.is_ok() && pages < 100000; ++pages) {
          auto page = world_.kinesis.get_records(*iterator, 10000);
          if (!page.is_ok()) break;
          for (const auto& view : page->records) {
            StreamRecord record{view.sequence_number, std::nullopt, view.record->partition_key,
                                view.record->data, view.record->arrival_ms};
            if (top_level_string_into(view.record->data, "eventId", event_id))
              record.source = kinesis::parse_sequence_number(
                  std::string_view(event_id).substr(event_id.find(':') + 1));
            records.push_back(record);
          }
          if (page->records.empty() || !page->next_shard_iterator) break;
          iterator = *page->next_shard_iterator;
        }
      }
    }
    // Usually in time order already (a workload is generated in order); a
    // stable sort of a sorted million-event history still moves every event.
    const auto earlier = [](const auto& a, const auto& b) { return a.at < b.at; };
    if (!std::is_sorted(observed_.history.begin(), observed_.history.end(), earlier))
      std::stable_sort(observed_.history.begin(), observed_.history.end(), earlier);
  }

  std::vector<TimelineEntry> timeline() {
    std::vector<TimelineEntry> out = timeline_;
    // What landed in streams fed by functions (records that carry an eventId).
    for (const auto& [stream, records] : observed_.streams) {
      for (const auto& record : records) {
        if (!record.source) continue;
        const std::string shard_id =
            kinesis::KinesisService::shard_id_for(record.sequence.shard_index);
        std::string text = stream + "/" + shard_id.substr(shard_id.size() - 2) + " " +
                           short_sequence(record.sequence) + "  key ";
        text += record.partition_key;
        text += "  " + describe_data(std::string(record.data)) + "  (from " +
                short_sequence(*record.source) + ")";
        out.push_back({from_unix_millis(record.arrival_ms), std::move(text)});
      }
    }
    for (const auto& [url, received] : world_.push_received) {
      for (const auto& delivery : received)
        out.push_back(
            {delivery.at,
             "push " + url + " received " + short_sequence(delivery.sequence_number) +
                 (delivery.partition_key.empty() ? "" : "  key " + delivery.partition_key)});
    }
    // What the functions said (not the START/END/REPORT bookkeeping).
    for (const auto& group : world_.logs.log_groups()) {
      auto lines = world_.logs.filter_log_events(group, "");
      if (!lines.is_ok()) continue;
      const std::string function = group.substr(group.rfind('/') + 1);
      for (const auto& line : *lines) {
        const std::string& message = line.event.message;
        if (message.rfind("START ", 0) == 0 || message.rfind("END ", 0) == 0 ||
            message.rfind("REPORT ", 0) == 0)
          continue;
        const auto tab = message.rfind('\t');
        out.push_back(
            {from_unix_millis(line.event.timestamp_ms),
             function + ": " + (tab == std::string::npos ? message : message.substr(tab + 1))});
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
  }

  const Scenario& scenario_;
  std::uint64_t seed_;
  RunOptions options_;
  World world_;
  TimePoint start_;
  Observations observed_;
  std::map<std::string, std::size_t> puts_to_;
  // Only the duplicates check reads which business event a record carries;
  // a million-event run without it does not keep a million map entries.
  bool keep_business_events_;
  std::size_t produced_ = 0;
  std::vector<std::string> step_errors_;
  std::vector<TimelineEntry> timeline_;
};

}  // namespace

Result<RunResult> run_scenario(const Scenario& scenario, std::uint64_t seed,
                               const RunOptions& options) {
  Run run(scenario, seed, options);
  return run.execute();
}

}  // namespace streamlab::harness
