// The Kinesis JSON protocol (x-amz-json-1.1) over the typed core.
//
// handle() takes the action named by the X-Amz-Target header
// ("Kinesis_20131202.PutRecord", or just "PutRecord") and the request body,
// and returns AWS's response body or error body. Checks run in AWS's order:
// unknown action, JSON syntax and types (SerializationException), field
// constraints (ValidationException), then the action itself. Bad input never
// crashes the emulator and never changes accepted data.
#pragma once

#include <string_view>

#include "emulator/kinesis/kinesis_service.h"
#include "emulator/wire/json_response.h"

namespace streamlab::kinesis {

class KinesisJsonApi {
 public:
  explicit KinesisJsonApi(KinesisService& kinesis) : kinesis_(kinesis) {}

  wire::JsonResponse handle(std::string_view target, std::string_view body);

 private:
  KinesisService& kinesis_;
};

}  // namespace streamlab::kinesis
