#include "emulator/functions/egress_event.h"

#include <set>

#include "emulator/core/base64.h"

namespace streamlab::functions {
namespace {

bool has_exactly(const nlohmann::json& object, const std::set<std::string>& fields) {
  if (!object.is_object() || object.size() != fields.size()) return false;
  for (const auto& field : fields) {
    if (!object.contains(field) || !object[field].is_string()) return false;
  }
  return true;
}

}  // namespace

std::optional<EgressEvent> parse_egress_event(const nlohmann::json& record, std::string& error) {
  const auto data =
      base64_decode(record.value("kinesis", nlohmann::json::object()).value("data", std::string()));
  if (!data) {
    error = "data is not base64";
    return std::nullopt;
  }
  const nlohmann::json event = nlohmann::json::parse(*data, nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    error = "data is not a JSON object";
    return std::nullopt;
  }
  // An egress event has exactly these fields.
  const std::set<std::string> envelope = {"schema",  "origin",     "timeOrigin", "data",
                                          "eventId", "timeIngest", "timeProcess"};
  for (const auto& [key, value] : event.items()) {
    if (!envelope.count(key)) {
      error = "unexpected field " + key;
      return std::nullopt;
    }
  }
  for (const auto& field : envelope) {
    if (!event.contains(field) || (field != "data" && !event[field].is_string())) {
      error = "missing or invalid field " + field;
      return std::nullopt;
    }
  }
  if (event["schema"] != "com.nordstrom/retail-stream-egress/1-0-0") {
    error = "schema is not com.nordstrom/retail-stream-egress/1-0-0";
    return std::nullopt;
  }
  const nlohmann::json& body = event["data"];
  const std::string schema = body.is_object() ? body.value("schema", "") : "";
  EgressEvent out;
  if (schema == "com.nordstrom/product/create/1-0-0" &&
      has_exactly(body, {"schema", "id", "brand", "name", "description", "category"})) {
    out.kind = EgressEvent::Kind::kCreate;
  } else if (schema == "com.nordstrom/product/image/1-0-0" &&
             has_exactly(body, {"schema", "id", "image"})) {
    out.kind = EgressEvent::Kind::kImage;
  } else if (schema == "com.nordstrom/product/purchase/1-0-0" &&
             has_exactly(body, {"schema", "id"})) {
    out.kind = EgressEvent::Kind::kPurchase;
  } else {
    error = "data does not match a product create, image or purchase schema";
    return std::nullopt;
  }
  out.product_id = body["id"];
  out.origin = event["origin"];
  out.time_origin = event["timeOrigin"];
  out.event_id = event["eventId"];
  return out;
}

}  // namespace streamlab::functions
