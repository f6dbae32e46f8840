// Internal: parsing and validating the egress events the winners consume
// (../shared/functions.md, "Events on the streams").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/status.h"
#include "emulator/lambda/event.h"

namespace streamlab::functions {

struct EgressEvent {
  enum class Kind { kCreate, kImage, kPurchase };
  Kind kind;
  std::string product_id;
  std::string origin;
  std::string time_origin;
  std::string event_id;
};

// nullopt with `error` set when `data` (a record's bytes) is not a valid egress event.
std::optional<EgressEvent> parse_egress_event(std::string_view data, std::string& error);
// The same through nlohmann's parser alone: what parse_egress_event falls back
// to for anything beyond plain JSON (and what tests compare it with).
std::optional<EgressEvent> parse_egress_event_general(std::string_view data, std::string& error);

// One record of a winner's event: its egress event, or why it is not one.
struct EgressRecord {
  // The record's eventID ("?" when it has none), for the log line about a
  // record that is not an event; empty when `event` is set.
  std::string event_id;
  std::optional<EgressEvent> event;
  std::string error;
  // The record's bytes, kept only when asked for (a fault may crash on them).
  std::string data;
};

// The event's records in order, typed (a Kinesis mapping's event) or read
// from the event JSON. An error when the event has no Records at all.
// `keep_data` keeps each record's bytes in `data`.
Result<std::vector<EgressRecord>> egress_records_of(const lambda::Event& event,
                                                    bool keep_data = false);

}  // namespace streamlab::functions
