// `streamlab explore`: many seeds, then a shrink of the first failing case
// (DESIGN.md §5; TigerBeetle's VOPR): fewer events, products and faults, the
// same violated expectation, replayable with `streamlab run --seed S`.
#pragma once

#include <functional>

#include "harness/scenario_report.h"

namespace streamlab::harness {

struct ExploreOptions {
  std::uint64_t from = 1;
  int seeds = 100;
  std::function<void(int done, int total)> progress;  // may be empty; called on this thread
  int workers = 0;  // threads running seeds side by side; 0: one per core
};

Result<ScenarioSummary> explore(const Scenario& scenario, const ExploreOptions& options);

struct ShrinkResult {
  std::string scenario_json;  // the smaller scenario, serialized
  std::uint64_t seed = 0;
  std::string expectation_label;
  std::string evidence;
  std::size_t events_before = 0, events_after = 0;
  int runs = 0;
};

// Shrinks the case (scenario, seed) that violates expectation `index`: keeps
// each reduction (halve a workload's purchases or products, drop a fault or
// an explicit put, fewer users) under which some seed ≤ `seed` still
// violates it, then the earliest such seed. Bounded by `max_runs`.
Result<ShrinkResult> shrink(const Scenario& scenario, std::uint64_t seed, std::size_t index,
                            int max_runs = 1500);

}  // namespace streamlab::harness
