#include "emulator/push/push_event.h"

#include <nlohmann/json.hpp>

namespace streamlab::push {

using nlohmann::json;

std::string to_body(const PushedEvent& event) {
  json data = json::parse(event.data_json, nullptr, false);
  if (data.is_discarded()) data = event.data_json;
  const json body = {{"channel", event.channel},
                     {"sequenceNumber", event.sequence_number},
                     {"data", std::move(data)},
                     {"approximateArrivalTimestamp", event.approximate_arrival_timestamp}};
  return body.dump();
}

Result<PushedEvent> parse_body(std::string_view body) {
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return errors::validation("body is not a JSON object");
  PushedEvent event;
  const auto channel = parsed.find("channel");
  if (channel == parsed.end() || !channel->is_string())
    return errors::validation("channel must be a string");
  event.channel = channel->get<std::string>();
  const auto sequence = parsed.find("sequenceNumber");
  if (sequence == parsed.end() || !sequence->is_string())
    return errors::validation("sequenceNumber must be a string");
  event.sequence_number = sequence->get<std::string>();
  const auto data = parsed.find("data");
  if (data == parsed.end()) return errors::validation("data is missing");
  event.data_json = data->dump();
  const auto arrival = parsed.find("approximateArrivalTimestamp");
  if (arrival == parsed.end() || !arrival->is_number())
    return errors::validation("approximateArrivalTimestamp must be a number");
  event.approximate_arrival_timestamp = arrival->get<double>();
  return event;
}

std::string channel_of(const json& record_data) {
  if (!record_data.is_object()) return "";
  const auto data = record_data.find("data");
  if (data != record_data.end() && data->is_object()) {
    const auto schema = data->find("schema");
    if (schema != data->end() && schema->is_string()) return schema->get<std::string>();
  }
  const auto schema = record_data.find("schema");
  if (schema != record_data.end() && schema->is_string()) return schema->get<std::string>();
  return "";
}

}  // namespace streamlab::push
