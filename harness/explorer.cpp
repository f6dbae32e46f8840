#include "harness/explorer.h"

#include <atomic>
#include <thread>

#include "harness/runner.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

// Whether the run of `document` under `seed` violates the expectation at `index`.
struct Probe {
  bool violated = false;
  std::string evidence;
  std::string subject;
  std::size_t events = 0;
};

Result<Probe> probe(const json& document, const std::string& file, std::uint64_t seed,
                    std::size_t index) {
  STREAMLAB_ASSIGN_OR_RETURN(auto scenario, scenario_from_json(document, file));
  STREAMLAB_ASSIGN_OR_RETURN(auto run, run_scenario(scenario, seed));
  const Verdict& verdict = run.verdicts.at(index);
  return Probe{verdict.violated, verdict.evidence, verdict.subject, run.events_produced};
}

// Smaller variants of a document, most aggressive first.
std::vector<json> reductions(const json& document) {
  std::vector<json> out;
  const json script = document.value("script", json::array());
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (!script[i].contains("workload")) continue;
    const json& workload = script[i]["workload"];
    auto with = [&](const char* member, int value) {
      json smaller = document;
      smaller["script"][i]["workload"][member] = value;
      out.push_back(std::move(smaller));
    };
    const int purchases = workload.value("purchases", 50);
    if (purchases > 0) with("purchases", purchases / 2);
    if (purchases > 1) with("purchases", purchases - 1);
    const int products = workload.value("products", 10);
    if (products > 1) with("products", products / 2);
    if (products > 1) with("products", products - 1);
    for (const char* users : {"merchants", "photographers", "buyers"}) {
      const int count = workload.value(users, 3);
      if (count > 1) with(users, count - 1);
    }
  }
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (!script[i].contains("put")) continue;
    json smaller = document;
    smaller["script"].erase(i);
    out.push_back(std::move(smaller));
  }
  const json faults = document.value("faults", json::array());
  for (std::size_t i = 0; i < faults.size(); ++i) {
    json smaller = document;
    smaller["faults"].erase(i);
    out.push_back(std::move(smaller));
  }
  return out;
}

}  // namespace

Result<ScenarioSummary> explore(const Scenario& scenario, const ExploreOptions& options) {
  // Seeds are independent simulations, each single-threaded and seeded, so
  // they may run side by side on several cores; results are kept by seed, so
  // the summary is the same whatever the number of workers.
  const auto total = static_cast<std::size_t>(options.seeds);
  std::vector<std::optional<Result<RunResult>>> results(total);
  std::atomic<std::size_t> next{0}, done{0};
  int reported = 0;  // the last count this thread passed to progress
  auto work = [&](bool report) {
    for (std::size_t i = next++; i < total; i = next++) {
      auto run = run_scenario(scenario, options.from + i);
      if (run.is_ok()) run->timeline.clear();
      results[i] = std::move(run);
      const std::size_t finished = ++done;
      if (report && options.progress) {
        reported = static_cast<int>(finished);
        options.progress(reported, options.seeds);
      }
    }
  };
  const unsigned workers = options.workers > 0 ? static_cast<unsigned>(options.workers)
                                               : std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::thread> helpers;
  for (unsigned w = 1; w < workers && w < total; ++w) helpers.emplace_back(work, false);
  work(true);  // this thread reports progress
  for (auto& helper : helpers) helper.join();
  if (options.progress && reported < options.seeds) options.progress(options.seeds, options.seeds);
  std::vector<RunResult> runs;
  runs.reserve(total);
  for (auto& result : results) {
    if (!result->is_ok()) return result->error();
    runs.push_back(std::move(**result));
  }
  return summarize(scenario, runs);
}

Result<ShrinkResult> shrink(const Scenario& scenario, std::uint64_t seed, std::size_t index,
                            int max_runs) {
  ShrinkResult result;
  json document = scenario.document;
  result.seed = seed;
  result.expectation_label = scenario.expectations.at(index).label;
  STREAMLAB_ASSIGN_OR_RETURN(auto start, probe(document, scenario.file, seed, index));
  ++result.runs;
  if (!start.violated)
    return errors::make("ShrinkFailed", "seed " + std::to_string(seed) + " does not violate " +
                                            result.expectation_label);
  result.events_before = result.events_after = start.events;
  result.evidence = start.evidence;
  // Seeds to try for each candidate: the failing one first, then a few others
  // (a smaller workload shifts the interleaving a seed gives).
  const std::uint64_t spread = 48;
  bool progress = true;
  while (progress && result.runs < max_runs) {
    progress = false;
    for (auto& candidate : reductions(document)) {
      if (result.runs >= max_runs) break;
      std::vector<std::uint64_t> seeds = {result.seed};
      for (std::uint64_t s = 1; s <= spread; ++s)
        if (s != result.seed) seeds.push_back(s);
      for (auto s : seeds) {
        if (result.runs >= max_runs) break;
        auto tried = probe(candidate, scenario.file, s, index);
        ++result.runs;
        // The same violation: the same expectation, about the same subject.
        if (!tried.is_ok() || !tried->violated || tried->subject != start.subject ||
            tried->events > result.events_after)
          continue;
        document = std::move(candidate);
        result.seed = s;
        result.events_after = tried->events;
        result.evidence = tried->evidence;
        progress = true;
        break;
      }
      if (progress) break;
    }
  }
  // The earliest seed that still shows it.
  for (std::uint64_t s = 1; s < result.seed && result.runs < max_runs; ++s) {
    auto tried = probe(document, scenario.file, s, index);
    ++result.runs;
    if (tried.is_ok() && tried->violated && tried->subject == start.subject) {
      result.seed = s;
      result.evidence = tried->evidence;
      break;
    }
  }
  result.scenario_json = document.dump(2);
  return result;
}

}  // namespace streamlab::harness
