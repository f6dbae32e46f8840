// Internal: parsing and validating the egress events the winners consume
// (../shared/functions.md, "Events on the streams").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace streamlab::functions {

struct EgressEvent {
  enum class Kind { kCreate, kImage, kPurchase };
  Kind kind;
  std::string product_id;
  std::string origin;
  std::string time_origin;
  std::string event_id;
};

// nullopt with `error` set when the record is not a valid egress event.
std::optional<EgressEvent> parse_egress_event(const nlohmann::json& record, std::string& error);

}  // namespace streamlab::functions
