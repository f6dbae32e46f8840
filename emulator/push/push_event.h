// The body the HTTP forwarder POSTs to a subscriber's /events
// (../shared/functions.md, "HTTP forwarder and consumer client"):
//   {"channel": "...", "sequenceNumber": "...", "data": <the record's data>,
//    "approximateArrivalTimestamp": <seconds since the epoch, as in Lambda events>}
// `data` is the record's JSON value when its UTF-8 data is JSON, else the string.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace streamlab::push {

struct PushedEvent {
  std::string channel;
  std::string sequence_number;
  std::string data_json;  // the `data` member, serialized
  double approximate_arrival_timestamp = 0;
};

std::string to_body(const PushedEvent& event);
// Errors name what was wrong ("body is not JSON", "channel must be a string", …).
Result<PushedEvent> parse_body(std::string_view body);

// The channel of a record: its event type, i.e. `data.schema` of a JSON
// record (hello-retail envelopes), else its top-level `schema`; "" when none.
std::string channel_of(const nlohmann::json& record_data);

}  // namespace streamlab::push
