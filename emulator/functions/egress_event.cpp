#include "emulator/functions/egress_event.h"

#include <array>
#include <nlohmann/json.hpp>

namespace streamlab::functions {
namespace {

using nlohmann::json;

// The fields of an egress envelope; an event has exactly these.
constexpr std::array<std::string_view, 7> kEnvelope = {
    "schema", "origin", "timeOrigin", "data", "eventId", "timeIngest", "timeProcess"};

int envelope_field(std::string_view name) {
  for (std::size_t i = 0; i < kEnvelope.size(); ++i) {
    if (kEnvelope[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// `object` has exactly these fields, each a string.
template <std::size_t N>
bool has_exactly(const json& object, const std::array<std::string_view, N>& fields) {
  if (!object.is_object() || object.size() != N) return false;
  for (const auto& field : fields) {
    auto it = object.find(field);
    if (it == object.end() || !it->is_string()) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 6> kCreateFields = {"schema", "id",          "brand",
                                                           "name",   "description", "category"};
constexpr std::array<std::string_view, 3> kImageFields = {"schema", "id", "image"};
constexpr std::array<std::string_view, 2> kPurchaseFields = {"schema", "id"};

}  // namespace

std::optional<EgressEvent> parse_egress_event(std::string_view data, std::string& error) {
  const json event = json::parse(data, nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    error = "data is not a JSON object";
    return std::nullopt;
  }
  std::array<const json*, kEnvelope.size()> fields{};
  for (auto it = event.begin(); it != event.end(); ++it) {
    const int index = envelope_field(it.key());
    if (index < 0) {
      error = "unexpected field " + it.key();
      return std::nullopt;
    }
    fields[static_cast<std::size_t>(index)] = &it.value();
  }
  // Reported in the envelope's alphabetical order, as the fields were checked before.
  for (const std::string_view name :
       {"data", "eventId", "origin", "schema", "timeIngest", "timeOrigin", "timeProcess"}) {
    const json* value = fields[static_cast<std::size_t>(envelope_field(name))];
    if (!value || (name != "data" && !value->is_string())) {
      error = "missing or invalid field " + std::string(name);
      return std::nullopt;
    }
  }
  const auto text = [&fields](std::string_view name) -> const std::string& {
    return fields[static_cast<std::size_t>(envelope_field(name))]->get_ref<const std::string&>();
  };
  if (text("schema") != "com.nordstrom/retail-stream-egress/1-0-0") {
    error = "schema is not com.nordstrom/retail-stream-egress/1-0-0";
    return std::nullopt;
  }
  const json& body = *fields[static_cast<std::size_t>(envelope_field("data"))];
  const auto schema_it = body.is_object() ? body.find("schema") : body.end();
  const std::string schema = body.is_object() && schema_it != body.end() && schema_it->is_string()
                                 ? schema_it->get<std::string>()
                                 : "";
  EgressEvent out;
  if (schema == "com.nordstrom/product/create/1-0-0" && has_exactly(body, kCreateFields)) {
    out.kind = EgressEvent::Kind::kCreate;
  } else if (schema == "com.nordstrom/product/image/1-0-0" && has_exactly(body, kImageFields)) {
    out.kind = EgressEvent::Kind::kImage;
  } else if (schema == "com.nordstrom/product/purchase/1-0-0" &&
             has_exactly(body, kPurchaseFields)) {
    out.kind = EgressEvent::Kind::kPurchase;
  } else {
    error = "data does not match a product create, image or purchase schema";
    return std::nullopt;
  }
  out.product_id = body.find("id")->get<std::string>();
  out.origin = text("origin");
  out.time_origin = text("timeOrigin");
  out.event_id = text("eventId");
  return out;
}

Result<std::vector<EgressRecord>> egress_records_of(const lambda::Event& event) {
  std::vector<EgressRecord> out;
  const auto add = [&out](std::string event_id, std::string_view data) {
    EgressRecord record{std::move(event_id), std::nullopt, ""};
    record.event = parse_egress_event(data, record.error);
    out.push_back(std::move(record));
  };
  if (const auto* typed = event.kinesis_records()) {
    out.reserve(typed->size());
    for (const auto& record : *typed) add(record->event_id(), record->data);
    return out;
  }
  const json& document = event.json();
  const auto records = document.is_object() ? document.find("Records") : document.end();
  if (!document.is_object() || records == document.end() || !records->is_array())
    return errors::make("InvalidEvent", "the event has no Records");
  for (const auto& record : *records) {
    auto kinesis = lambda::kinesis_record_from_json(record);
    if (!kinesis.is_ok()) {
      const auto id = record.is_object() ? record.find("eventID") : record.end();
      out.push_back({record.is_object() && id != record.end() && id->is_string()
                         ? id->get<std::string>()
                         : "?",
                     std::nullopt, kinesis.error().message});
      continue;
    }
    add(record.value("eventID", std::string("?")), kinesis->data);
  }
  return out;
}

}  // namespace streamlab::functions
