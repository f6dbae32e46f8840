// Where a shard's records live: the storage seam of the Kinesis emulator.
//
// A ShardLog is one shard's append-only record sequence. Each record has a
// counter (its position since the shard was created); trimming (retention)
// drops a prefix. The in-memory store serves scenarios; a durable store
// (SQLite, for `streamlab serve`) implements the same interface, so nothing
// above it knows which one it is.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace streamlab::kinesis {

// What a shard keeps of a put. An ExplicitHashKey only routes the put: no
// read returns it (Kinesis API reference, "Record": Data, PartitionKey,
// SequenceNumber, ApproximateArrivalTimestamp, EncryptionType), so it is not kept.
// Views: appending copies the bytes into the log, and a record read from the
// log views the log's copy, which `owner` keeps alive (even past a trim) for
// whoever hands the bytes on without copying them.
struct Record {
  std::string_view data;  // raw bytes (base64 only on the wire)
  std::string_view partition_key;
  std::int64_t arrival_ms = 0;        // approximate arrival, scheduler clock
  std::shared_ptr<const void> owner;  // of the bytes; empty in a record to append
};

class ShardLog {
 public:
  virtual ~ShardLog() = default;
  // Counter of the oldest retained record (== end() when none is retained).
  virtual std::uint64_t begin() const = 0;
  // Counter the next appended record gets.
  virtual std::uint64_t end() const = 0;
  // Copies the record's bytes: the caller's may go once it returns.
  virtual void append(const Record& record) = 0;
  // REQUIRES: begin() <= counter < end(). The record and the bytes it views
  // stay valid until a trim drops it (appends move nothing).
  virtual const Record& at(std::uint64_t counter) const = 0;
  // Drops every record before `new_begin`. REQUIRES: begin() <= new_begin <= end().
  virtual void trim_to(std::uint64_t new_begin) = 0;
};

class KinesisStore {
 public:
  virtual ~KinesisStore() = default;
  virtual std::unique_ptr<ShardLog> open_shard_log(std::string_view stream_name,
                                                   std::uint32_t shard_index) = 0;
  // Forgets every shard of the stream (DeleteStream).
  virtual void drop_stream(std::string_view stream_name) = 0;
};

std::unique_ptr<KinesisStore> make_memory_kinesis_store();

}  // namespace streamlab::kinesis
