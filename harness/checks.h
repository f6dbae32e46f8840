// The invariants (DESIGN.md §5), each a pure function of the observations.
#pragma once

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/logs/logs_service.h"
#include "harness/run_result.h"
#include "harness/world.h"

namespace streamlab::harness {

Verdict check_expectation(const Expectation& expectation, const Observations& observed,
                          World& world);

}  // namespace streamlab::harness
