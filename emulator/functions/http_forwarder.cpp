// http-forwarder (../shared/functions.md, "HTTP forwarder and consumer
// client"): for each Kinesis record, in order, POST {channel, sequenceNumber,
// data, approximateArrivalTimestamp} to every subscriber registered for the
// record's channel. A subscriber that fails or times out fails the invocation,
// so the mapping retries the batch (subscribers may then see duplicates).
#include <map>

#include "emulator/core/base64.h"
#include "emulator/functions/functions.h"
#include "emulator/functions/push_delivery.h"
#include "emulator/functions/query_pages.h"
#include "emulator/functions/string_keyed_table.h"

namespace streamlab::functions {
namespace {

using lambda::InvocationContext;
using nlohmann::json;

// The subscribers of one channel, read from the table (all pages) so that a
// registration made at run time counts from the next batch on.
Task<Result<std::vector<std::string>>> subscribers_of(InvocationContext& context,
                                                      const std::string& table,
                                                      const std::string& channel) {
  dynamodb::QueryInput query;
  query.table = table;
  query.key_condition = "channel = :c";
  query.substitutions.values[":c"] = dynamodb::AttributeValue::string(channel);
  auto read = query_rows(context, std::move(query), Pages::kAll);
  auto rows = co_await read;
  if (!rows.is_ok()) co_return rows.error();
  std::vector<std::string> urls;
  for (const auto& row : *rows) {
    auto url = row.find("url");
    if (url != row.end() && url->second.is(dynamodb::ValueType::kS))
      urls.emplace_back(url->second.as_string());
  }
  co_return urls;
}

}  // namespace

lambda::Handler http_forwarder() {
  return [](InvocationContext& context, json event) -> Task<lambda::HandlerResult> {
    const auto& env = context.environment();
    const auto table_it = env.find("SUBSCRIBERS_TABLE");
    const std::string table =
        table_it == env.end() ? context.function_name() + "Subscribers" : table_it->second;
    const auto timeout_it = env.find("TIMEOUT_MS");
    const Duration timeout = timeout_it == env.end()
                                 ? kDefaultPushTimeout
                                 : Duration(std::stoll(timeout_it->second) * 1000);
    const auto records = event.find("Records");
    if (records == event.end() || !records->is_array())
      co_return errors::make("InvalidEvent", "the event has no Records");
    std::map<std::string, std::vector<std::string>> subscribers;  // per channel, this invocation
    std::size_t delivered = 0;
    for (const auto& record : *records) {
      const json kinesis = record.value("kinesis", json::object());
      const auto data = base64_decode(kinesis.value("data", std::string()));
      if (!data) co_return errors::make("SyntaxError", "record data is not base64");
      if (Status fault = context.before_record(*data); !fault.is_ok()) co_return fault.error();
      const json parsed = json::parse(*data, nullptr, false);
      const std::string channel = parsed.is_discarded() ? "" : push::channel_of(parsed);
      const std::string sequence = kinesis.value("sequenceNumber", std::string());
      if (channel.empty()) {
        context.log("record " + sequence + " has no channel (data.schema or schema); skipped");
        if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
        continue;
      }
      if (!subscribers.count(channel)) {
        auto load = subscribers_of(context, table, channel);
        auto loaded = co_await load;
        if (!loaded.is_ok()) co_return loaded.error();
        subscribers[channel] = std::move(*loaded);
      }
      if (subscribers[channel].empty()) context.log("no subscribers for channel " + channel);
      push::PushedEvent pushed{channel, sequence, *data,
                               kinesis.value("approximateArrivalTimestamp", 0.0)};
      for (const auto& base_url : subscribers[channel]) {
        auto post = deliver_push(context, events_url(base_url), pushed, timeout);
        Status sent = co_await post;
        if (!sent.is_ok()) co_return sent.error();
        ++delivered;
      }
      if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
    }
    co_return json{{"delivered", delivered}};
  };
}

Status create_push_subscribers_table(dynamodb::DynamoDbService& db,
                                     const std::string& function_name) {
  return create_string_keyed_table(db, function_name + "Subscribers", "channel", "url");
}

Status register_push_subscriber(dynamodb::DynamoDbService& db, const std::string& function_name,
                                const std::string& channel, const std::string& url) {
  dynamodb::Item row;
  row["channel"] = dynamodb::AttributeValue::string(channel);
  row["url"] = dynamodb::AttributeValue::string(url);
  return db.put_item({function_name + "Subscribers", std::move(row), {}}).status();
}

}  // namespace streamlab::functions
