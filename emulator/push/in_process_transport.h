// PushTransport for simulation: subscribers are ConsumerClients attached
// under a base URL ("http://orders.local:8080"); a POST calls the client's
// handle() synchronously. Faults: a subscriber can be down (connection
// refused) or slow (its answer takes `delay`, so a forwarder with a shorter
// timeout gives up — after the callback ran, as with a real slow server).
//
// Thread-safety: none; use it on the scheduler's thread.
#pragma once

#include <map>
#include <string>

#include "emulator/push/consumer_client.h"
#include "emulator/push/push_transport.h"

namespace streamlab::push {

class InProcessTransport : public PushTransport {
 public:
  // REQUIRES: `client` outlives this transport or is detached first.
  void attach(const std::string& base_url, ConsumerClient& client);
  void detach(const std::string& base_url);
  void set_down(const std::string& base_url, bool down);
  void set_delay(const std::string& base_url, Duration delay);

  PushResponse post(const std::string& url, const std::string& body, Duration timeout) override;

  std::size_t requests() const { return requests_; }

 private:
  struct Subscriber {
    ConsumerClient* client = nullptr;
    bool down = false;
    Duration delay{0};
  };
  std::map<std::string, Subscriber, std::less<>> subscribers_;  // by base URL
  std::size_t requests_ = 0;
};

}  // namespace streamlab::push
