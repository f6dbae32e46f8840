// Per-shard throughput limits, measured on the scheduler's clock.
//
// Kinesis Data Streams quotas (developer guide, "Quotas and limits"): each
// shard takes up to 1,000 records and 1 MiB per second in (partition keys
// count toward the bytes), and serves up to 5 GetRecords calls and 2 MiB per
// second out. One GetRecords call may return up to 10 MiB; the read budget
// then runs into debt and calls are throttled until it is repaid at 2 MiB/s
// ("if a call returns 10 MiB, subsequent calls in the next 5 seconds throw
// ProvisionedThroughputExceededException").
#pragma once

#include <cstdint>

namespace streamlab::kinesis {

inline constexpr std::uint32_t kWriteRecordsPerSecond = 1000;
inline constexpr std::int64_t kWriteBytesPerSecond = 1 << 20;
inline constexpr std::uint32_t kReadCallsPerSecond = 5;
inline constexpr std::int64_t kReadBytesPerSecond = 2 << 20;

// Writes: fixed one-second windows.
class WriteMeter {
 public:
  // Admits one record of `bytes` at `now_ms` when both limits allow it.
  bool admit(std::int64_t now_ms, std::int64_t bytes) {
    const std::int64_t second = now_ms / 1000;
    if (second != second_) {
      second_ = second;
      records_ = 0;
      bytes_ = 0;
    }
    if (records_ + 1 > kWriteRecordsPerSecond || bytes_ + bytes > kWriteBytesPerSecond)
      return false;
    ++records_;
    bytes_ += bytes;
    return true;
  }

 private:
  std::int64_t second_ = -1;
  std::uint32_t records_ = 0;
  std::int64_t bytes_ = 0;
};

// Reads: 5 calls per one-second window, and a byte budget that refills at
// 2 MiB/s up to 2 MiB and may go into debt by one large call.
class ReadMeter {
 public:
  // May a GetRecords call start at `now_ms`? Counts the call when it may.
  bool admit_call(std::int64_t now_ms) {
    refill(now_ms);
    const std::int64_t second = now_ms / 1000;
    if (second != second_) {
      second_ = second;
      calls_ = 0;
    }
    if (calls_ >= kReadCallsPerSecond || credit_bytes_ <= 0) return false;
    ++calls_;
    return true;
  }
  void charge(std::int64_t bytes) { credit_bytes_ -= bytes; }

 private:
  void refill(std::int64_t now_ms) {
    if (last_refill_ms_ >= 0 && now_ms > last_refill_ms_) {
      credit_bytes_ += (now_ms - last_refill_ms_) * kReadBytesPerSecond / 1000;
      if (credit_bytes_ > kReadBytesPerSecond) credit_bytes_ = kReadBytesPerSecond;
    }
    if (now_ms > last_refill_ms_) last_refill_ms_ = now_ms;
  }

  std::int64_t second_ = -1;
  std::uint32_t calls_ = 0;
  std::int64_t credit_bytes_ = kReadBytesPerSecond;
  std::int64_t last_refill_ms_ = -1;
};

}  // namespace streamlab::kinesis
