// The Lambda REST protocol (paths under /2015-03-31/) over the typed core:
// functions, Invoke, and event source mappings. Each action lives in its own
// file under emulator/lambda/actions; routes.cpp lists them. `serve` adds
// only transport.
//
// Responses may complete later (Invoke waits for the function on the
// scheduler), so handle() answers through a callback.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "emulator/lambda/esm/event_source_mappings.h"
#include "emulator/lambda/lambda_service.h"

namespace streamlab::lambda {

struct RestRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // "/2015-03-31/functions/fanout/invocations"
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct RestResponse {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
};

class LambdaRestApi {
 public:
  LambdaRestApi(LambdaService& lambda, esm::EventSourceMappings& mappings)
      : lambda_(lambda), mappings_(mappings) {}

  void handle(const RestRequest& request, std::function<void(RestResponse)> respond);

 private:
  LambdaService& lambda_;
  esm::EventSourceMappings& mappings_;
};

// A Lambda error response: header x-amzn-ErrorType and {"Type","Message"}.
RestResponse rest_error(const AwsError& error);

}  // namespace streamlab::lambda
