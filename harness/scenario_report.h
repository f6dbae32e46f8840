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
  std::optional<std::uint64_t> first_holding_seed;
  std::string first_holding_evidence;  // from the first seed where it held
  std::string last_evidence;           // from the last seed run
  bool met() const {
    switch (expectation->must) {
      case Must::kHold:
        return violated == 0;
      case Must::kBeViolated:
        return violated > 0;
      case Must::kHoldForSomeSeed:
        return violated < seeds;
    }
    return false;
  }
  // The seed and evidence that best show the outcome: a violation, except
  // for a hold-for-some-seed expectation that held somewhere.
  std::optional<std::uint64_t> shown_seed() const;
  const std::string& shown_evidence() const;
};

// How often a case (emulator/core/occurrences.h) happened over the seeds.
struct OccurrenceSummary {
  std::string_view name;
  int seeds = 0;  // seeds in which it happened
  std::uint64_t times = 0;
};

struct ScenarioSummary {
  const Scenario* scenario = nullptr;
  std::vector<std::uint64_t> seeds;
  std::vector<ExpectationSummary> expectations;
  std::string error;  // the scenario could not run (bad input)
  // "Sometimes" counts: in how many seeds each interesting case happened
  // (those that happened at all, in occurrence_cases() order).
  std::vector<OccurrenceSummary> occurrences;
  bool met() const;
};

ScenarioSummary summarize(const Scenario& scenario, const std::vector<RunResult>& runs);

void print_summary(std::ostream& out, const ScenarioSummary& summary);
// "cases seen: fanout.records-failed in 3 of 10 seeds (120 times)", a line a case.
void print_occurrences(std::ostream& out, const ScenarioSummary& summary,
                       const std::string& indent);
void write_junit(std::ostream& out, const std::vector<ScenarioSummary>& summaries);
void write_json(std::ostream& out, const std::vector<ScenarioSummary>& summaries);
void print_timeline(std::ostream& out, const RunResult& run, std::size_t max_lines);

}  // namespace streamlab::harness
