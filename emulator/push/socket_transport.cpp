#include "emulator/push/socket_transport.h"

#include <httplib.h>

namespace streamlab::push {

PushResponse SocketTransport::post(const std::string& url, const std::string& body,
                                   Duration timeout) {
  PushResponse response;
  // "http://host:port/path": the scheme+authority go to the client, the path to Post().
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) {
    response.error = "unsupported URL (only http:// is): " + url;
    return response;
  }
  const std::size_t path_start = url.find('/', scheme.size());
  const std::string origin = url.substr(0, path_start);
  const std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  httplib::Client client(origin);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  auto result = client.Post(path, body, "application/json");
  if (!result) {
    response.error = httplib::to_string(result.error()) + ": " + url;
    return response;
  }
  response.status = result->status;
  response.body = result->body;
  return response;
}

}  // namespace streamlab::push
