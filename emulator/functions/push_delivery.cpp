#include "emulator/functions/push_delivery.h"

#include "emulator/push/push_transport.h"

namespace streamlab::functions {

std::string events_url(const std::string& base_url) {
  if (base_url.size() >= 7 && base_url.compare(base_url.size() - 7, 7, "/events") == 0)
    return base_url;
  return (!base_url.empty() && base_url.back() == '/' ? base_url.substr(0, base_url.size() - 1)
                                                      : base_url) +
         "/events";
}

Task<Status> deliver_push(lambda::InvocationContext& context, std::string url,
                          push::PushedEvent event, Duration timeout) {
  push::PushTransport* transport = context.services().push;
  if (!transport)
    co_return errors::make("SubscriberError", "no HTTP transport is configured for " + url);
  std::string body = push::to_body(event);
  auto post = context.call(
      "http.POST", [transport, url, body, timeout] { return transport->post(url, body, timeout); });
  const push::PushResponse response = co_await post;
  if (response.delay > Duration{0}) {
    auto answer = context.wait(response.delay);
    co_await answer;
  }
  if (!response.succeeded()) context.note_occurrence("push.deliveries-failed");
  if (!response.error.empty())
    co_return errors::make("SubscriberError", "POST " + url + " failed: " + response.error);
  if (!response.succeeded()) {
    co_return errors::make(
        "SubscriberError",
        "POST " + url + " answered " + std::to_string(response.status) + " " + response.body);
  }
  co_return Status::ok();
}

}  // namespace streamlab::functions
