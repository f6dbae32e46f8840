#include "emulator/core/status.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace streamlab {

std::string to_json_body(const AwsError& error) {
  nlohmann::ordered_json body;
  body["__type"] = error.type;
  body["message"] = error.message;
  if (!error.details_json.empty()) {
    const auto details = nlohmann::ordered_json::parse(error.details_json, nullptr, false);
    if (details.is_object()) {
      for (const auto& [key, value] : details.items()) body[key] = value;
    }
  }
  return body.dump();
}

namespace errors {
AwsError make(std::string type, std::string message, int http_status) {
  return AwsError{std::move(type), std::move(message), http_status, {}};
}
AwsError serialization(std::string message) {
  return make("SerializationException", std::move(message));
}
AwsError validation(std::string message) { return make("ValidationException", std::move(message)); }
AwsError resource_not_found(std::string message) {
  return make("ResourceNotFoundException", std::move(message));
}
AwsError resource_in_use(std::string message) {
  return make("ResourceInUseException", std::move(message));
}
AwsError invalid_argument(std::string message) {
  return make("InvalidArgumentException", std::move(message));
}
AwsError limit_exceeded(std::string message) {
  return make("LimitExceededException", std::move(message));
}
AwsError expired_iterator(std::string message) {
  return make("ExpiredIteratorException", std::move(message));
}
AwsError provisioned_throughput_exceeded(std::string message) {
  return make("ProvisionedThroughputExceededException", std::move(message));
}
AwsError conditional_check_failed(std::string message) {
  return make("ConditionalCheckFailedException", std::move(message));
}
AwsError internal_failure(std::string message) {
  return make("InternalFailure", std::move(message), 500);
}
}  // namespace errors

const AwsError& Status::error() const {
  if (!error_) {
    std::fprintf(stderr, "streamlab bug: Status::error() called on an ok status\n");
    std::abort();
  }
  return *error_;
}

const std::string& Status::type() const {
  static const std::string kEmpty;
  return error_ ? error_->type : kEmpty;
}

std::string Status::to_string() const {
  return error_ ? error_->type + ": " + error_->message : std::string("ok");
}

}  // namespace streamlab
