// The 128-bit unsigned integer of GCC and Clang (Kinesis hash keys, wide multiplies).
#pragma once

namespace streamlab {
__extension__ typedef unsigned __int128 uint128;
}  // namespace streamlab
