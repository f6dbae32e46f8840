#include "emulator/core/ids.h"

namespace streamlab {

std::string make_uuid(SeededRandom& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t high = random.next_u64();
  std::uint64_t low = random.next_u64();
  high = (high & ~0xF000ULL) | 0x4000ULL;                // version 4
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // variant 10xx
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    const std::uint64_t word = i < 16 ? high : low;
    const int shift = (15 - (i % 16)) * 4;
    out.push_back(kHex[(word >> shift) & 0xF]);
  }
  return out;
}

}  // namespace streamlab
