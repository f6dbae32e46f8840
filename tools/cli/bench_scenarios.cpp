// `streamlab bench explore` and `streamlab bench topology`: the harness's
// speed, measured on the wall clock outside the simulation (which never
// reads it), printed as `name: number unit` lines.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "harness/explorer.h"
#include "harness/runner.h"
#include "tools/cli/commands.h"
#include "tools/cli/scenario_files.h"

namespace streamlab::cli {
namespace {

using WallClock = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(WallClock::time_point start) {
  return std::chrono::duration<double>(WallClock::now() - start).count();
}

// Seeds per second for explore on the parallel-forwarding scenario with a
// 100-event workload (6 products created, 94 purchases).
int bench_explore(int seeds) {
  const std::string file = scenarios_directory() + "/04-parallel-forwarding.json";
  auto base = harness::load_scenario(file);
  if (!base.is_ok()) {
    std::fprintf(stderr, "%s\n", base.error().message.c_str());
    return 2;
  }
  json document = base->document;
  document["script"][0]["workload"]["products"] = 6;
  document["script"][0]["workload"]["purchases"] = 94;
  auto scenario = harness::scenario_from_json(document, file);
  if (!scenario.is_ok()) {
    std::fprintf(stderr, "%s\n", scenario.error().message.c_str());
    return 2;
  }
  auto sample = harness::run_scenario(*scenario, 1);  // for the event count in the name
  if (!sample.is_ok()) {
    std::fprintf(stderr, "%s\n", sample.error().message.c_str());
    return 1;
  }
  const auto start = WallClock::now();
  auto explored = harness::explore(*scenario, {1, seeds, nullptr, 0});  // as `explore` runs them
  const double elapsed = seconds_since(start);
  if (!explored.is_ok()) {
    std::fprintf(stderr, "%s\n", explored.error().message.c_str());
    return 1;
  }
  std::printf("explore.parallel_forwarding_%zu_events: %.0f seeds/s\n", sample->events_produced,
              seeds / elapsed);
  return 0;
}

// Events per second end to end: a hello-retail workload through core (4)
// → fanout (serial) → local (4) → winner-ordered, until every event is scored
// (the per-product counts match the oracle; otherwise the bench fails).
// One product per 100 events and one merchant and one photographer per 20
// products: the original winner re-sums a contributor's products on every
// purchase, so a fixed number of contributors would make the run quadratic in
// the function under test rather than measure the emulator.
int bench_topology(int events) {
  const int products = std::max(1, events / 100);
  const int contributors = std::max(1, products / 20);
  const json document = {
      {"name", "bench-topology"},
      {"topology",
       {{"streams", {{{"name", "core"}, {"shards", 4}}, {{"name", "local"}, {"shards", 4}}}},
        {"tables",
         {{{"kind", "fanout-targets"}, {"function", "fanout"}}, {{"kind", "winner-ordered"}}}},
        {"functions",
         {{{"name", "fanout"}, {"handler", "fanout"}},
          {{"name", "winner"}, {"handler", "winner-ordered"}}}},
        {"targets",
         {{{"function", "fanout"},
           {"source", "core"},
           {"id", "local"},
           {"destination", "local"},
           {"active", true},
           {"parallel", false}}}},
        {"mappings",
         {{{"function", "fanout"}, {"source", "core"}, {"batch_size", 500}},
          {{"function", "winner"}, {"source", "local"}, {"batch_size", 100}}}}}},
      {"script",
       {{{"at", 0},
         {"workload",
          {{"stream", "core"},
           {"merchants", contributors},
           {"photographers", contributors},
           {"buyers", 500},
           {"products", products},
           {"purchases", std::max(0, events - products * 17 / 10)},
           {"mean_gap_ms", 0.2}}}}}},
      // The winner makes six DynamoDB calls per purchase, one after another,
      // so it drains 4 shards far slower than 5,000 events/s arrive: settle
      // long enough for it to score everything, which the oracle then proves.
      {"settle_seconds", 600 + events / 40},
      {"expectations",
       {{{"check", "no-loss"}, {"source", "core"}, {"destination", "local"}},
        {{"check", "contributions-match-oracle"}}}}};
  auto scenario = harness::scenario_from_json(document, "bench-topology");
  if (!scenario.is_ok()) {
    std::fprintf(stderr, "%s\n", scenario.error().message.c_str());
    return 2;
  }
  const auto start = WallClock::now();
  auto run = harness::run_scenario(*scenario, 1);
  const double elapsed = seconds_since(start);
  if (!run.is_ok()) {
    std::fprintf(stderr, "%s\n", run.error().message.c_str());
    return 1;
  }
  for (const auto& verdict : run->verdicts) {
    if (!verdict.violated) continue;
    std::fprintf(stderr, "bench topology: not every event was forwarded and scored: %s\n",
                 verdict.evidence.c_str());
    return 1;
  }
  std::printf("topology.hello_retail_%zu_events: %.0f events/s\n", run->events_produced,
              static_cast<double>(run->events_produced) / elapsed);
  return 0;
}

}  // namespace

void add_scenario_benches(CLI::App& bench, int& exit_code) {
  CLI::App* explore = bench.add_subcommand(
      "explore", "Seeds/s for explore on the 100-event parallel-forwarding scenario");
  auto seeds = std::make_shared<int>(1000);
  explore->add_option("--seeds", *seeds, "Seeds to run")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  explore->callback([&exit_code, seeds] { exit_code = bench_explore(*seeds); });
  CLI::App* topology = bench.add_subcommand(
      "topology", "Events/s end to end: core(4) → fanout → local(4) → winner-ordered");
  auto events = std::make_shared<int>(1'000'000);
  topology->add_option("--events", *events, "Workload events")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  topology->callback([&exit_code, events] { exit_code = bench_topology(*events); });
}

}  // namespace streamlab::cli
