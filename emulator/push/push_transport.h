// The seam between the HTTP forwarder and its subscribers. On real time the
// forwarder talks to sockets (SocketTransport); in simulation an
// InProcessTransport hands the request to a ConsumerClient directly, so the
// delivery is one scheduled step and the interleaving stays seeded.
#pragma once

#include <string>

#include "emulator/core/time.h"

namespace streamlab::push {

struct PushResponse {
  int status = 0;  // the HTTP status; 0 when there was no answer
  std::string body;
  std::string error;  // why there was no answer ("connection refused", "timeout", …)
  // How long the subscriber took to answer (simulated; 0 on the socket path,
  // which blocks for the real time instead).
  Duration delay{0};

  bool succeeded() const { return error.empty() && status >= 200 && status < 300; }
};

class PushTransport {
 public:
  virtual ~PushTransport() = default;
  // POSTs a JSON body to `url` ("http://host:port/path"). Never throws.
  virtual PushResponse post(const std::string& url, const std::string& body, Duration timeout) = 0;
};

}  // namespace streamlab::push
