// A scenario (DESIGN.md §5): a topology, a script on the virtual clock,
// faults and expectations, read from a JSON-with-comments file that
// scenarios/schema.json describes. load_scenario() checks the file against
// the schema, then the cross-references (a mapping's function exists, …);
// every error names the file, the JSON path, what was expected and what was
// found.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace streamlab::harness {

struct StreamSpec {
  std::string name;
  int shards = 1;
  bool limits = false;  // AWS's per-shard throughput limits
};

struct TableSpec {
  // winner-ordered | winner-tolerant | fanout-targets | push-subscribers | versioned | effects
  std::string kind;
  std::string name;      // versioned / effects
  std::string function;  // fanout-targets / push-subscribers
  std::string key = "pk";
  std::string prefix;  // winner-tolerant
};

struct FunctionSpec {
  std::string name;
  std::string handler;
  std::map<std::string, std::string> environment;
  int timeout_seconds = 60;
};

// Mappings, targets, subscriptions and script steps keep their JSON (already
// validated) and the path it came from; the runner reads them.
struct Step {
  Duration at{0};
  std::string action;  // workload, put, versioned-writes, register, activate, …
  nlohmann::json args;
  std::string path;  // "$.script[3]"
};

struct Fault {
  std::string
      kind;  // producer-response-lost, function-crash, throttle, subscriber-down, subscriber-slow
  nlohmann::json args;
  std::string path;
};

// What an expectation demands of the seeds it runs under.
enum class Must {
  kHold,             // for every seed
  kBeViolated,       // for at least one seed (a teaching scenario shows a failure)
  kHoldForSomeSeed,  // for at least one seed (a case that happens only sometimes did happen)
};

struct Expectation {
  std::string check;  // per-key-order, no-loss, duplicates, exactly-once-effect, …
  Must must = Must::kHold;
  nlohmann::json args;
  std::string path;
  std::string label;  // "per-key-order core → local"
};

struct Scenario {
  std::string file;
  std::string name;
  std::string title;
  std::vector<std::string> explain;  // the demo's lines before it runs
  std::uint64_t first_seed = 1;
  int seed_count = 1;
  std::map<std::string, std::pair<Duration, Duration>> latencies;  // "" = default; uniform ranges
  std::vector<StreamSpec> streams;
  std::vector<TableSpec> tables;
  std::vector<FunctionSpec> functions;
  std::vector<nlohmann::json> mappings;     // created at the start (after tables/functions)
  std::vector<nlohmann::json> targets;      // fanout target rows
  std::vector<nlohmann::json> subscribers;  // push subscribers (in-process consumer clients)
  std::vector<Step> script;
  std::vector<Fault> faults;
  std::vector<Expectation> expectations;
  Duration settle{std::chrono::seconds(60)};
  nlohmann::json document;  // the parsed file, for writing a shrunk copy
};

// The schema (scenarios/schema.json, compiled in).
const nlohmann::json& scenario_schema();

// Parses JSON with // and /* */ comments; errors give line and column.
Result<nlohmann::json> parse_json_with_comments(const std::string& text, const std::string& file);

Result<Scenario> load_scenario(const std::string& path);
Result<Scenario> scenario_from_json(nlohmann::json document, const std::string& file);

}  // namespace streamlab::harness
