// Internal: the fields Create/UpdateEventSourceMapping share.
#pragma once

#include "emulator/lambda/actions/fields.h"

namespace streamlab::lambda::actions {

// Reads the settings both requests may carry into `update`.
inline Status read_mapping_update(const Json& body, esm::MappingUpdate& update) {
  STREAMLAB_ASSIGN_OR_RETURN(update.function_name, string_field(body, "FunctionName"));
  STREAMLAB_ASSIGN_OR_RETURN(auto batch_size, integer_field(body, "BatchSize"));
  if (batch_size)
    update.batch_size = static_cast<std::size_t>(std::max<std::int64_t>(0, *batch_size));
  STREAMLAB_ASSIGN_OR_RETURN(auto window, integer_field(body, "MaximumBatchingWindowInSeconds"));
  if (window) update.maximum_batching_window = std::chrono::seconds(*window);
  STREAMLAB_ASSIGN_OR_RETURN(update.enabled, boolean_field(body, "Enabled"));
  STREAMLAB_ASSIGN_OR_RETURN(auto factor, integer_field(body, "ParallelizationFactor"));
  if (factor) update.parallelization_factor = static_cast<int>(*factor);
  STREAMLAB_ASSIGN_OR_RETURN(auto retries, integer_field(body, "MaximumRetryAttempts"));
  if (retries) update.maximum_retry_attempts = static_cast<int>(*retries);
  STREAMLAB_ASSIGN_OR_RETURN(auto age, integer_field(body, "MaximumRecordAgeInSeconds"));
  if (age) update.maximum_record_age_seconds = static_cast<int>(*age);
  STREAMLAB_ASSIGN_OR_RETURN(update.bisect_batch_on_function_error,
                             boolean_field(body, "BisectBatchOnFunctionError"));
  if (auto types = body.find("FunctionResponseTypes"); types != body.end() && !types->is_null()) {
    if (!types->is_array()) return invalid_parameter("FunctionResponseTypes must be a list");
    bool report = false;
    for (const auto& type : *types) {
      if (type != "ReportBatchItemFailures") {
        return invalid_parameter("FunctionResponseTypes may only contain ReportBatchItemFailures");
      }
      report = true;
    }
    update.report_batch_item_failures = report;
  }
  if (auto destination = body.find("DestinationConfig");
      destination != body.end() && !destination->is_null()) {
    if (destination->contains("OnSuccess")) {
      return invalid_parameter(
          "Unsupported DestinationConfig parameter for given event source mapping type: OnSuccess");
    }
    update.on_failure_destination =
        destination->value("OnFailure", Json::object()).value("Destination", std::string());
  }
  for (const char* unsupported :
       {"TumblingWindowInSeconds", "FilterCriteria", "Queues", "Topics", "SelfManagedEventSource",
        "SourceAccessConfigurations", "ScalingConfig"}) {
    if (body.contains(unsupported) && !body[unsupported].is_null()) {
      return invalid_parameter(std::string("streamlab does not emulate ") + unsupported +
                               " for event source mappings");
    }
  }
  return Status::ok();
}

}  // namespace streamlab::lambda::actions
