#include "emulator/push/consumer_client.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace streamlab::push {

struct ConsumerClient::Server {
  httplib::Server http;
};

ConsumerClient::ConsumerClient() = default;

ConsumerClient::~ConsumerClient() { stop(); }

void ConsumerClient::on(std::string channel, Callback callback) {
  callbacks_[std::move(channel)] = std::move(callback);
}

HttpReply ConsumerClient::handle(std::string_view path, std::string_view body) {
  const std::lock_guard lock(mutex_);
  auto error = [](int status, const std::string& message) {
    return HttpReply{status, nlohmann::json{{"error", message}}.dump()};
  };
  if (path != "/events") return error(404, "no such path: " + std::string(path));
  auto event = parse_body(body);
  if (!event.is_ok()) return error(400, event.error().message);
  auto callback = callbacks_.find(event->channel);
  if (callback == callbacks_.end()) return error(404, "no callback for channel " + event->channel);
  const Status handled = callback->second(*event);
  if (!handled.is_ok()) return error(500, handled.error().type + ": " + handled.error().message);
  return HttpReply{200, R"({"ok":true})"};
}

Result<int> ConsumerClient::listen(const std::string& host, int port) {
  if (server_) return errors::make("AlreadyListening", "the consumer client is already serving");
  server_ = std::make_unique<Server>();
  server_->http.Post("/events",
                     [this](const httplib::Request& request, httplib::Response& response) {
                       const HttpReply reply = handle(request.path, request.body);
                       response.status = reply.status;
                       response.set_content(reply.body, "application/json");
                     });
  const int bound = port == 0 ? server_->http.bind_to_any_port(host)
                              : (server_->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    server_.reset();
    return errors::make("BindFailed", "cannot listen on " + host + ":" + std::to_string(port));
  }
  thread_ = std::thread([server = server_.get()] { server->http.listen_after_bind(); });
  // bind_to_port already listens, so connections queue meanwhile; but stop()
  // only works once the accept loop runs, so wait for it (bounded: 5 s).
  for (int i = 0; i < 5000 && !server_->http.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return bound;
}

void ConsumerClient::stop() {
  if (!server_) return;
  server_->http.stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace streamlab::push
