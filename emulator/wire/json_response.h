// What a JSON-protocol action answers: an HTTP status and a JSON body.
#pragma once

#include <string>

#include "emulator/core/status.h"

namespace streamlab::wire {

struct JsonResponse {
  int http_status = 200;
  std::string body;  // JSON text

  static JsonResponse error(const AwsError& e) { return {e.http_status, to_json_body(e)}; }
};

}  // namespace streamlab::wire
