// Deterministic pseudo-random numbers: xoshiro256** seeded through splitmix64.
//
// The standard library's distributions differ between implementations, so
// streamlab draws its own: the same seed gives the same numbers on every
// platform and compiler, which keeps traces byte-identical.
#pragma once

#include <cstdint>

namespace streamlab {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed);

  std::uint64_t next_u64();
  // Uniform in [0, bound). REQUIRES: bound > 0.
  std::uint64_t uniform(std::uint64_t bound);
  // Uniform in [low, high]. REQUIRES: low <= high.
  std::int64_t uniform_between(std::int64_t low, std::int64_t high);
  // Uniform in [0, 1).
  double unit_interval();
  // True with the given probability.
  bool chance(double probability) { return unit_interval() < probability; }

  // An independent stream derived from this seed and a name, so adding draws
  // in one subsystem does not shift the numbers another one sees.
  static SeededRandom derived(std::uint64_t seed, std::uint64_t stream);

 private:
  std::uint64_t state_[4];
};

}  // namespace streamlab
