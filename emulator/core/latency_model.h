// Seeded latency distributions for emulated service calls.
//
// In simulation a service call ("kinesis.PutRecords", "dynamodb.UpdateItem")
// completes after a latency drawn from the distribution configured for its
// operation name, or the default one. Draws come from the scheduler's seeded
// stream, so they are part of what one seed reproduces.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "emulator/core/seeded_random.h"
#include "emulator/core/time.h"

namespace streamlab {

struct LatencyDistribution {
  enum class Kind { kFixed, kUniform, kExponential };
  Kind kind = Kind::kFixed;
  Duration low{0};   // fixed value, or the uniform minimum
  Duration high{0};  // uniform maximum, or the exponential cap (0 = no cap)
  Duration mean{0};  // exponential mean

  static LatencyDistribution fixed(Duration value);
  static LatencyDistribution uniform(Duration low, Duration high);
  static LatencyDistribution exponential(Duration mean, Duration cap);

  Duration draw(SeededRandom& random) const;
};

class LatencyModel {
 public:
  // Every operation without its own distribution uses this one (zero by default).
  void set_default(LatencyDistribution distribution) { default_ = distribution; }
  void set(std::string operation, LatencyDistribution distribution);
  Duration draw(std::string_view operation, SeededRandom& random) const;

 private:
  LatencyDistribution default_;
  std::map<std::string, LatencyDistribution, std::less<>> by_operation_;
};

}  // namespace streamlab
