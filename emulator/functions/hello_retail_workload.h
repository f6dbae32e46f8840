// The hello-retail workload (../shared/functions.md, "Events on the streams"):
// merchants create products, photographers add images, buyers purchase them.
// generate_hello_retail() draws a true history from a seed; each event is an
// ingress envelope for the core stream with partition key = product id. The
// oracle computes from that history what the winners must end with.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace streamlab::functions {

struct WorkloadParams {
  int merchants = 3;
  int photographers = 3;
  int buyers = 5;
  int products = 10;
  int purchases = 50;
  double image_probability = 0.7;                     // the share of products that get one image
  Duration mean_gap = std::chrono::milliseconds(20);  // between consecutive events
};

enum class WorkloadEventKind { kCreate, kImage, kPurchase };

struct WorkloadEvent {
  std::size_t index = 0;  // position in the true history
  Duration at{0};         // offset from the start of the workload
  WorkloadEventKind kind = WorkloadEventKind::kPurchase;
  std::string product_id;  // also the partition key
  std::string origin;      // "hello-retail/<producer>/<user id>/<friendly name>"
  std::string user_id;     // the id inside origin
};

struct Workload {
  WorkloadParams params;
  std::uint64_t seed = 0;
  std::vector<WorkloadEvent> events;  // the true history, in order
};

// Every product is created first; its image (if any) and purchases follow at
// seeded times. The same params and seed give the same workload.
Workload generate_hello_retail(const WorkloadParams& params, std::uint64_t seed);

// The ingress JSON of an event produced at `now` (timeOrigin).
std::string ingress_envelope(const WorkloadEvent& event, TimePoint now);

// What the winners must end with when each event is applied once, in the true
// order: a creator is credited for the purchases of their products after the
// creation, a photographer for those after the (first) image.
struct ProductOracle {
  std::string creator;       // origin of the create event
  std::string photographer;  // origin of the first image event ("" when none)
  long long creator_score = 0;
  long long photographer_score = 0;
};
struct Oracle {
  // (user = origin, role = "creator" | "photographer") → score; zeros omitted.
  std::map<std::pair<std::string, std::string>, long long> scores;
  std::map<std::string, ProductOracle> products;
};
Oracle compute_oracle(const std::vector<WorkloadEvent>& history);

const char* to_string(WorkloadEventKind kind);

}  // namespace streamlab::functions

namespace streamlab::dynamodb {
class DynamoDbService;
}

namespace streamlab::functions {

// What the winner tables actually hold, in the oracle's shape: Scores rows
// (zeros omitted) and, when `contributions_table` is not empty, the
// Contributions rows (creator, photographer and the per-product scores).
Result<Oracle> read_winner_tables(dynamodb::DynamoDbService& db, const std::string& scores_table,
                                  const std::string& contributions_table);

}  // namespace streamlab::functions
