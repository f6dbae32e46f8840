// What one run of a scenario under one seed observed and concluded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "emulator/core/time.h"
#include "emulator/functions/hello_retail_workload.h"
#include "harness/scenario.h"

namespace streamlab::harness {

// A record as it sits in a stream, with what the harness knows about it.
struct StreamRecord {
  std::string shard_id;
  std::string sequence_number;
  std::string partition_key;
  std::string data;  // kept only when a timeline is collected
  // For records of a destination: the source record's sequence number (from
  // the egress eventId), "" when unknown.
  std::string source_sequence;
  std::int64_t arrival_ms = 0;
};

struct Observations {
  std::map<std::string, std::vector<StreamRecord>> streams;  // shards in id order, then sequence
  // Source sequence number → the business event it carries ("workload:17",
  // "put:$.script[2]"); a producer retry gives two sequence numbers one event.
  // Looked up, never listed; kept only when a duplicates expectation reads it.
  std::unordered_map<std::string, std::string> business_event_of;
  std::vector<functions::WorkloadEvent> history;  // the true history (all workloads, in time order)
  // versioned table → key → versions accepted by the idempotent writer
  std::map<std::string, std::map<std::string, long long>> accepted_versions;
};

// "…123456": the end of a sequence number, enough to tell records apart in reports.
inline std::string short_sequence(const std::string& sequence) {
  return sequence.size() > 6 ? "…" + sequence.substr(sequence.size() - 6) : sequence;
}

struct TimelineEntry {
  TimePoint at;
  std::string text;
};

struct Verdict {
  const Expectation* expectation = nullptr;
  bool violated = false;  // the property did not hold in this run
  std::string evidence;   // counts and the first offending case
  std::string
      subject;  // what is wrong, for shrinking ("merchant-1 creator"); "" when any case will do
  std::vector<TimelineEntry> markers;  // where it went wrong, for the timeline
  // Whether this run satisfies the expectation's demand on its own:
  // must-hold → not violated; must-be-violated → violated.
  bool met() const { return expectation->must_hold ? !violated : violated; }
};

struct RunResult {
  std::uint64_t seed = 0;
  std::vector<Verdict> verdicts;
  std::vector<TimelineEntry> timeline;
  std::size_t events_produced = 0;
  std::size_t failed_invocations = 0;  // mapping invocations that failed (and were retried)
  std::size_t producer_retries = 0;    // puts repeated after a lost response
  std::uint64_t steps = 0;             // scheduler steps
};

}  // namespace streamlab::harness
