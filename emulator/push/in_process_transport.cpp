#include "emulator/push/in_process_transport.h"

namespace streamlab::push {

void InProcessTransport::attach(const std::string& base_url, ConsumerClient& client) {
  subscribers_[base_url].client = &client;
}

void InProcessTransport::detach(const std::string& base_url) { subscribers_.erase(base_url); }

void InProcessTransport::set_down(const std::string& base_url, bool down) {
  subscribers_[base_url].down = down;
}

void InProcessTransport::set_delay(const std::string& base_url, Duration delay) {
  subscribers_[base_url].delay = delay;
}

PushResponse InProcessTransport::post(const std::string& url, const std::string& body,
                                      Duration timeout) {
  ++requests_;
  // The longest attached base URL that prefixes `url` and is followed by a path.
  const Subscriber* subscriber = nullptr;
  std::string path;
  for (const auto& [base, candidate] : subscribers_) {
    if (url.compare(0, base.size(), base) != 0) continue;
    if (url.size() > base.size() && url[base.size()] != '/') continue;
    subscriber = &candidate;
    path = url.substr(base.size());
  }
  PushResponse response;
  if (!subscriber || !subscriber->client || subscriber->down) {
    response.error = "connection refused: " + url;
    return response;
  }
  const HttpReply reply = subscriber->client->handle(path.empty() ? "/" : path, body);
  if (subscriber->delay > timeout) {
    response.error = "timeout after " + std::to_string(timeout.count() / 1000) + " ms: " + url;
    response.delay = timeout;
    return response;
  }
  response.status = reply.status;
  response.body = reply.body;
  response.delay = subscriber->delay;
  return response;
}

}  // namespace streamlab::push
