// Runs a scenario under one seed: builds the world, plays the script and the
// faults on the virtual clock, lets it settle, then checks every expectation.
#pragma once

#include "harness/run_result.h"

namespace streamlab {
class TraceRecorder;
}

namespace streamlab::harness {

struct RunOptions {
  TraceRecorder* trace = nullptr;  // not owned; the scheduler's trace
  bool timeline = false;           // collect a readable timeline (demo, run --timeline)
};

// Errors are problems of the scenario that only show when it runs (a step
// the emulator refuses at setup); a violated expectation is a Verdict.
Result<RunResult> run_scenario(const Scenario& scenario, std::uint64_t seed,
                               const RunOptions& options = {});

}  // namespace streamlab::harness
