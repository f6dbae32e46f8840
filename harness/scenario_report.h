// Verdicts of one scenario over its seeds, and the reports made from them:
// text for people, JUnit XML and JSON for CI.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "harness/run_result.h"

namespace streamlab::harness {

struct ExpectationSummary {
  const Expectation* expectation = nullptr;
  int seeds = 0;
  int violated = 0;
  std::optional<std::uint64_t> first_violating_seed;
  std::string first_violation_evidence;  // from the first seed that violated it
  std::string last_evidence;             // from the last seed run
  bool met() const { return expectation->must_hold ? violated == 0 : violated > 0; }
};

struct ScenarioSummary {
  const Scenario* scenario = nullptr;
  std::vector<std::uint64_t> seeds;
  std::vector<ExpectationSummary> expectations;
  std::string error;  // the scenario could not run (bad input)
  // "Sometimes" counts: in how many seeds the interesting cases happened.
  int seeds_with_function_retries = 0;
  int seeds_with_producer_retries = 0;
  bool met() const;
};

ScenarioSummary summarize(const Scenario& scenario, const std::vector<RunResult>& runs);

void print_summary(std::ostream& out, const ScenarioSummary& summary);
void write_junit(std::ostream& out, const std::vector<ScenarioSummary>& summaries);
void write_json(std::ostream& out, const std::vector<ScenarioSummary>& summaries);
void print_timeline(std::ostream& out, const RunResult& run, std::size_t max_lines);

}  // namespace streamlab::harness
