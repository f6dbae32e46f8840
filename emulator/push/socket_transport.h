// PushTransport over real HTTP (cpp-httplib), for `serve` and for the test
// that proves the socket path end to end. Each POST opens a connection with
// the given timeout for connect, read and write. Blocks the calling thread.
#pragma once

#include "emulator/push/push_transport.h"

namespace streamlab::push {

class SocketTransport : public PushTransport {
 public:
  PushResponse post(const std::string& url, const std::string& body, Duration timeout) override;
};

}  // namespace streamlab::push
