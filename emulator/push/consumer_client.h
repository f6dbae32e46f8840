// The consumer client library (../shared/functions.md): register
// `channel → callback`, serve POST /events, answer 2xx once the callback
// succeeded. handle() is the pure request handler; listen() wraps it in a real
// HTTP server on loopback (cpp-httplib), and InProcessTransport calls it
// directly in simulation.
//
// Thread-safety: register callbacks before listen(). With listen(), callbacks
// run on the server's threads, one request at a time (calls are serialized).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "emulator/core/status.h"
#include "emulator/push/push_event.h"

namespace streamlab::push {

struct HttpReply {
  int status = 200;
  std::string body;
};

class ConsumerClient {
 public:
  using Callback = std::function<Status(const PushedEvent&)>;

  ConsumerClient();
  ~ConsumerClient();  // stops the server
  ConsumerClient(const ConsumerClient&) = delete;
  ConsumerClient& operator=(const ConsumerClient&) = delete;

  void on(std::string channel, Callback callback);

  // POST /events: 200 {"ok":true} after the callback succeeded; 400 for a
  // malformed body; 404 for a channel without a callback; 500 with the
  // callback's error otherwise. Any other path is 404.
  HttpReply handle(std::string_view path, std::string_view body);

  // Serves on host:port (port 0 picks a free one) until stop(). Returns the port.
  Result<int> listen(const std::string& host = "127.0.0.1", int port = 0);
  void stop();

 private:
  struct Server;
  std::map<std::string, Callback, std::less<>> callbacks_;
  std::mutex mutex_;  // serializes handle() when requests come from server threads
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

}  // namespace streamlab::push
