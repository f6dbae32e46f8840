// One HTTP POST to a push subscriber from inside a function: a scheduled
// service call ("http.POST") through the context's PushTransport, then the
// subscriber's response time on the clock. Used by the HTTP forwarder and by
// the fanout's `http` targets.
#pragma once

#include "emulator/lambda/lambda_service.h"
#include "emulator/push/push_event.h"

namespace streamlab::functions {

inline constexpr Duration kDefaultPushTimeout = std::chrono::seconds(2);

// OK on a 2xx answer; "SubscriberError" naming the URL and the status or
// transport error otherwise (the invocation fails, the batch is retried).
Task<Status> deliver_push(lambda::InvocationContext& context, std::string url,
                          push::PushedEvent event, Duration timeout);

// The subscriber's /events URL for a registered base URL.
std::string events_url(const std::string& base_url);

}  // namespace streamlab::functions
