#include "emulator/core/latency_model.h"

#include <cmath>
#include <cstdlib>

namespace streamlab {

LatencyDistribution LatencyDistribution::fixed(Duration value) {
  return {Kind::kFixed, value, Duration{0}, Duration{0}};
}

LatencyDistribution LatencyDistribution::uniform(Duration low, Duration high) {
  if (high < low) std::abort();
  return {Kind::kUniform, low, high, Duration{0}};
}

LatencyDistribution LatencyDistribution::exponential(Duration mean, Duration cap) {
  return {Kind::kExponential, Duration{0}, cap, mean};
}

Duration LatencyDistribution::draw(SeededRandom& random) const {
  switch (kind) {
    case Kind::kFixed:
      return low;
    case Kind::kUniform:
      return Duration{random.uniform_between(low.count(), high.count())};
    case Kind::kExponential: {
      const double u = random.unit_interval();
      auto us = static_cast<std::int64_t>(-std::log1p(-u) * static_cast<double>(mean.count()));
      if (high.count() > 0 && us > high.count()) us = high.count();
      return Duration{us};
    }
  }
  std::abort();
}

void LatencyModel::set(std::string operation, LatencyDistribution distribution) {
  by_operation_[std::move(operation)] = distribution;
}

Duration LatencyModel::draw(std::string_view operation, SeededRandom& random) const {
  auto it = by_operation_.find(operation);
  return (it == by_operation_.end() ? default_ : it->second).draw(random);
}

}  // namespace streamlab
