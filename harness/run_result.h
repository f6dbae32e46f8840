// What one run of a scenario under one seed observed and concluded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulator/core/time.h"
#include "emulator/functions/hello_retail_workload.h"
#include "emulator/kinesis/sequence_number.h"
#include "harness/scenario.h"

namespace streamlab::harness {

// A record as it sits in a stream, with what the harness knows about it.
// Nothing is copied: a million-record stream is observed as a million of
// these (no heap blocks), and the views point into the stream's records,
// which the world keeps, unchanged, until the run is over.
struct StreamRecord {
  kinesis::SequenceNumber sequence;  // its shard is sequence.shard_index
  // For records of a destination: the source record's sequence number (from
  // the egress eventId); nullopt when it carries none.
  std::optional<kinesis::SequenceNumber> source;
  std::string_view partition_key;
  std::string_view data;
  std::int64_t arrival_ms = 0;
};

// Sequence numbers hashed by what tells them apart: the counter within the shard.
struct SequenceNumberHash {
  std::size_t operator()(const kinesis::SequenceNumber& number) const {
    return (number.counter * 0x9E3779B97F4A7C15ULL) ^ number.shard_index;
  }
};

struct Observations {
  std::map<std::string, std::vector<StreamRecord>> streams;  // shards in id order, then sequence
  // Source sequence number → the business event it carries ("workload:17",
  // "put:$.script[2]"); a producer retry gives two sequence numbers one event.
  // Looked up, never listed; kept only when a duplicates expectation reads it.
  std::unordered_map<kinesis::SequenceNumber, std::string, SequenceNumberHash> business_event_of;
  std::vector<functions::WorkloadEvent> history;  // the true history (all workloads, in time order)
  // versioned table → key → versions accepted by the idempotent writer
  std::map<std::string, std::map<std::string, long long>> accepted_versions;
};

// "…123456": the end of a sequence number, enough to tell records apart in reports.
inline std::string short_sequence(const std::string& sequence) {
  return sequence.size() > 6 ? "…" + sequence.substr(sequence.size() - 6) : sequence;
}
inline std::string short_sequence(const kinesis::SequenceNumber& sequence) {
  return short_sequence(kinesis::format_sequence_number(sequence));
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
  // must-be-violated → violated; the others → not violated.
  bool met() const { return expectation->must == Must::kBeViolated ? violated : !violated; }
};

struct RunResult {
  std::uint64_t seed = 0;
  std::vector<Verdict> verdicts;
  std::vector<TimelineEntry> timeline;
  std::size_t events_produced = 0;
  // The interesting cases this run went through (emulator/core/occurrences.h):
  // name → how often, for the cases that occurred.
  std::map<std::string, std::uint64_t, std::less<>> occurrences;
  std::uint64_t steps = 0;  // scheduler steps
};

}  // namespace streamlab::harness
