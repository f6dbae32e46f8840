// `streamlab bench <area>`: in-process throughput figures, one
// "name: number unit" line each, so scripts can read them. Timings come from
// the wall clock here only: benchmarks measure, they never run scenarios.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/core/base64.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/kinesis/kinesis_json_api.h"
#include "tools/cli/commands.h"

namespace streamlab::cli {
namespace {

using WallClock = std::chrono::steady_clock;

double seconds_since(WallClock::time_point start) {
  return std::chrono::duration<double>(WallClock::now() - start).count();
}

void print_rate(const char* name, double count, double seconds, const char* unit) {
  std::printf("%s: %.0f %s\n", name, count / seconds, unit);
  std::fflush(stdout);
}

// 100-byte records, 4 shards, 500-record PutRecords batches; limits off so the
// figure measures the emulator, not the quota.
int bench_kinesis(std::size_t total_records) {
  constexpr std::size_t kBatch = 500;
  const std::string data(100, 'x');
  std::vector<std::string> keys;
  keys.reserve(4096);
  for (int i = 0; i < 4096; ++i) keys.push_back("product-" + std::to_string(i));

  SimulatedScheduler scheduler({.seed = 1});
  kinesis::KinesisOptions options;
  options.limits_enabled = false;
  kinesis::KinesisService service(scheduler, options);
  if (!service.create_stream("bench", 4).is_ok()) return 1;
  scheduler.run_for(std::chrono::seconds(1));

  auto start = WallClock::now();
  for (std::size_t done = 0; done < total_records; done += kBatch) {
    std::vector<kinesis::PutRecordsEntry> batch;
    batch.reserve(kBatch);
    for (std::size_t i = 0; i < kBatch; ++i) {
      batch.push_back({data, keys[(done + i) % keys.size()], std::nullopt});
    }
    auto result = service.put_records("bench", std::move(batch));
    if (!result.is_ok() || result->failed_record_count != 0) return 1;
  }
  print_rate("kinesis.put_records.core", static_cast<double>(total_records), seconds_since(start),
             "records/s");

  start = WallClock::now();
  std::size_t read = 0;
  for (std::uint32_t shard = 0; shard < 4; ++shard) {
    auto iterator =
        service.get_shard_iterator({"bench", kinesis::KinesisService::shard_id_for(shard),
                                    kinesis::IteratorType::kTrimHorizon});
    std::optional<std::string> next = *iterator;
    while (next) {
      auto out = service.get_records(*next, 10000);
      if (!out.is_ok()) return 1;
      if (out->records.empty()) break;
      read += out->records.size();
      next = out->next_shard_iterator;
    }
  }
  if (read != total_records) return 1;
  print_rate("kinesis.get_records.core", static_cast<double>(read), seconds_since(start),
             "records/s");

  // The same through the JSON action layer (parse, validate, base64, serialize).
  kinesis::KinesisService json_service(scheduler, options);
  kinesis::KinesisJsonApi api(json_service);
  api.handle("CreateStream", R"({"StreamName":"bench","ShardCount":4})");
  scheduler.run_for(std::chrono::seconds(1));
  const std::size_t json_records = total_records / 10;
  nlohmann::json request{{"StreamName", "bench"}, {"Records", nlohmann::json::array()}};
  const std::string encoded = base64_encode(data);
  start = WallClock::now();
  for (std::size_t done = 0; done < json_records; done += kBatch) {
    request["Records"].clear();
    for (std::size_t i = 0; i < kBatch; ++i) {
      request["Records"].push_back(
          {{"Data", encoded}, {"PartitionKey", keys[(done + i) % keys.size()]}});
    }
    if (api.handle("PutRecords", request.dump()).http_status != 200) return 1;
  }
  print_rate("kinesis.put_records.json", static_cast<double>(json_records), seconds_since(start),
             "records/s");
  start = WallClock::now();
  read = 0;
  for (std::uint32_t shard = 0; shard < 4; ++shard) {
    auto response =
        api.handle("GetShardIterator",
                   nlohmann::json{{"StreamName", "bench"},
                                  {"ShardId", kinesis::KinesisService::shard_id_for(shard)},
                                  {"ShardIteratorType", "TRIM_HORIZON"}}
                       .dump());
    std::string iterator = nlohmann::json::parse(response.body)["ShardIterator"];
    for (;;) {
      auto body = nlohmann::json::parse(
          api.handle("GetRecords", nlohmann::json{{"ShardIterator", iterator}}.dump()).body);
      if (body["Records"].empty()) break;
      read += body["Records"].size();
      iterator = body["NextShardIterator"];
    }
  }
  print_rate("kinesis.get_records.json", static_cast<double>(read), seconds_since(start),
             "records/s");
  return read == json_records ? 0 : 1;
}

// Conditional writes, counters, point reads and GSI queries through the typed core.
int bench_dynamodb(std::size_t operations) {
  using namespace dynamodb;
  SimulatedScheduler scheduler({.seed = 1});
  DynamoDbService db(scheduler, DynamoDbOptions{});
  TableDefinition definition{"Bench",
                             {{"id", ValueType::kS}, std::nullopt},
                             {{"id", ValueType::kS}, {"owner", ValueType::kS}}};
  definition.global_indexes.push_back(
      {"ByOwner", {{"owner", ValueType::kS}, std::nullopt}, ProjectionType::kAll, {}});
  definition.billing_mode = BillingMode::kPayPerRequest;
  if (!db.create_table(definition).is_ok()) return 1;
  scheduler.run_for(std::chrono::seconds(1));
  const std::size_t keys = 10000;
  std::vector<AttributeValue> ids;
  ids.reserve(keys);
  for (std::size_t i = 0; i < keys; ++i)
    ids.push_back(AttributeValue::string("item-" + std::to_string(i)));

  auto start = WallClock::now();
  WriteOptions conditional;
  conditional.condition = "attribute_not_exists(id) OR version < :v";
  conditional.substitutions.values[":v"] = AttributeValue::number(Decimal::from_integer(1));
  for (std::size_t i = 0; i < operations; ++i) {
    Item item;
    item["id"] = ids[i % keys];
    item["owner"] = AttributeValue::string(i % 2 ? "o1" : "o2");
    item["version"] = AttributeValue::number(Decimal::from_integer(0));
    auto put = db.put_item({"Bench", std::move(item), conditional});
    if (!put.is_ok() && !put.status().is("ConditionalCheckFailedException")) return 1;
  }
  print_rate("dynamodb.put_item.conditional.core", static_cast<double>(operations),
             seconds_since(start), "ops/s");

  UpdateItemInput counter{"Bench", {}, "SET #c = if_not_exists(#c, :z) + :one", {}};
  counter.options.substitutions.names["#c"] = "count";
  counter.options.substitutions.values[":z"] = AttributeValue::number(Decimal::from_integer(0));
  counter.options.substitutions.values[":one"] = AttributeValue::number(Decimal::from_integer(1));
  counter.options.condition = "attribute_exists(id)";
  start = WallClock::now();
  for (std::size_t i = 0; i < operations; ++i) {
    counter.key.clear();
    counter.key["id"] = ids[i % keys];
    if (!db.update_item(counter).is_ok()) return 1;
  }
  print_rate("dynamodb.update_item.counter.core", static_cast<double>(operations),
             seconds_since(start), "ops/s");

  start = WallClock::now();
  GetItemInput get{"Bench", {}, true, "", {}};
  for (std::size_t i = 0; i < operations; ++i) {
    get.key.clear();
    get.key["id"] = ids[i % keys];
    auto found = db.get_item(get);
    if (!found.is_ok() || !*found) return 1;
  }
  print_rate("dynamodb.get_item.core", static_cast<double>(operations), seconds_since(start),
             "ops/s");

  // Each query reads one page (Limit 10) of a 5,000-item GSI partition.
  QueryInput query;
  query.table = "Bench";
  query.index = "ByOwner";
  query.key_condition = "#o = :o";
  query.substitutions.names["#o"] = "owner";
  query.substitutions.values[":o"] = AttributeValue::string("o1");
  query.limit = 10;
  const std::size_t queries = operations / 100;
  start = WallClock::now();
  for (std::size_t i = 0; i < queries; ++i) {
    auto page = db.query(query);
    if (!page.is_ok() || page->count != 10) return 1;
  }
  print_rate("dynamodb.query.gsi_page_of_10.core", static_cast<double>(queries),
             seconds_since(start), "queries/s");
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
  CLI::App* bench =
      app.add_subcommand("bench", "Print in-process throughput figures (name: number unit)");
  bench->require_subcommand(1);
  add_scenario_benches(*bench, exit_code);
  CLI::App* kinesis =
      bench->add_subcommand("kinesis", "PutRecords/GetRecords rates: typed core and JSON layer");
  auto records = std::make_shared<std::size_t>(2'000'000);  // lives as long as the callback
  kinesis
      ->add_option("--records", *records,
                   "Records to write and read through the typed core "
                   "(a tenth of that through the JSON layer)")
      ->capture_default_str();
  kinesis->callback([&exit_code, records] {
    exit_code = bench_kinesis(*records);
    if (exit_code != 0)
      std::fprintf(stderr, "streamlab bench kinesis: the emulator returned an error\n");
  });
  CLI::App* dynamodb = bench->add_subcommand(
      "dynamodb",
      "Conditional PutItem, counter UpdateItem, GetItem and GSI Query rates (typed core)");
  auto operations = std::make_shared<std::size_t>(500'000);
  dynamodb->add_option("--operations", *operations, "Operations per measured kind")
      ->capture_default_str();
  dynamodb->callback([&exit_code, operations] {
    exit_code = bench_dynamodb(*operations);
    if (exit_code != 0)
      std::fprintf(stderr, "streamlab bench dynamodb: the emulator returned an error\n");
  });
}

}  // namespace streamlab::cli
