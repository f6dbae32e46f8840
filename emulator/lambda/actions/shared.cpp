#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda {

RestResponse rest_error(const AwsError& error) {
  RestResponse response;
  response.status = error.http_status == 400 && error.type == "ResourceNotFoundException"
                        ? 404
                        : error.http_status;
  response.headers["x-amzn-ErrorType"] = error.type;
  response.headers["Content-Type"] = "application/json";
  response.body = nlohmann::json{{"Type", "User"}, {"Message", error.message}}.dump();
  return response;
}

}  // namespace streamlab::lambda

namespace streamlab::lambda::actions {

Result<Json> parse_body(const RestRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return errors::make("InvalidRequestContentException", "Could not parse request body into json");
  }
  return body;
}

void respond_json(Context& context, int status, const Json& body) {
  RestResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json";
  response.body = body.dump();
  context.respond(std::move(response));
}

void respond_error(Context& context, const AwsError& error) { context.respond(rest_error(error)); }

AwsError invalid_parameter(const std::string& message) {
  return errors::make("InvalidParameterValueException", message);
}

Json function_json(const FunctionDescription& function) {
  const FunctionConfig& config = function.config;
  Json out = {{"FunctionName", config.name},
              {"FunctionArn", function.arn},
              {"Runtime", "provided.al2"},
              {"Role", config.role},
              {"Handler", config.handler},
              {"Timeout", std::chrono::duration_cast<std::chrono::seconds>(config.timeout).count()},
              {"MemorySize", config.memory_mb},
              {"Version", "$LATEST"},
              {"State", "Active"},
              {"PackageType", "Zip"},
              {"Environment", {{"Variables", config.environment}}}};
  return out;
}

Json mapping_json(const esm::MappingDescription& mapping) {
  const esm::MappingConfig& config = mapping.config;
  Json out = {
      {"UUID", mapping.uuid},
      {"BatchSize", config.batch_size},
      {"MaximumBatchingWindowInSeconds",
       std::chrono::duration_cast<std::chrono::seconds>(config.maximum_batching_window).count()},
      {"ParallelizationFactor", config.parallelization_factor},
      {"EventSourceArn", config.event_source_arn},
      {"FunctionArn", mapping.function_arn},
      {"LastModified", static_cast<double>(to_unix_millis(mapping.last_modified)) / 1000.0},
      {"LastProcessingResult", mapping.last_processing_result},
      {"State", esm::to_string(mapping.state)},
      {"StateTransitionReason", "User action"},
      {"DestinationConfig", Json::object()},
      {"MaximumRecordAgeInSeconds", config.maximum_record_age_seconds},
      {"BisectBatchOnFunctionError", config.bisect_batch_on_function_error},
      {"MaximumRetryAttempts", config.maximum_retry_attempts},
      {"FunctionResponseTypes", config.report_batch_item_failures
                                    ? Json::array({"ReportBatchItemFailures"})
                                    : Json::array()}};
  if (config.starting_position) out["StartingPosition"] = esm::to_string(*config.starting_position);
  if (config.starting_position_timestamp) {
    out["StartingPositionTimestamp"] =
        static_cast<double>(to_unix_millis(*config.starting_position_timestamp)) / 1000.0;
  }
  if (!config.on_failure_destination.empty()) {
    out["DestinationConfig"] = {{"OnFailure", {{"Destination", config.on_failure_destination}}}};
  }
  return out;
}

}  // namespace streamlab::lambda::actions
