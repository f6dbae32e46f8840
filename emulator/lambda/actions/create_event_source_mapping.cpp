// POST /2015-03-31/event-source-mappings/
#include "emulator/lambda/actions/mapping_fields.h"

namespace streamlab::lambda::actions {

void create_event_source_mapping(Context& context) {
  auto run = [&]() -> Result<Json> {
    STREAMLAB_ASSIGN_OR_RETURN(Json body, parse_body(context.request));
    esm::MappingUpdate fields;
    STREAMLAB_RETURN_IF_ERROR(read_mapping_update(body, fields));
    esm::MappingConfig config;
    STREAMLAB_ASSIGN_OR_RETURN(config.event_source_arn,
                               required_string_field(body, "EventSourceArn"));
    if (!fields.function_name) return invalid_parameter("FunctionName is required");
    config.function_name = *fields.function_name;
    if (fields.batch_size) config.batch_size = *fields.batch_size;
    if (fields.maximum_batching_window)
      config.maximum_batching_window = *fields.maximum_batching_window;
    if (fields.enabled) config.enabled = *fields.enabled;
    if (fields.parallelization_factor)
      config.parallelization_factor = *fields.parallelization_factor;
    if (fields.maximum_retry_attempts)
      config.maximum_retry_attempts = *fields.maximum_retry_attempts;
    if (fields.maximum_record_age_seconds)
      config.maximum_record_age_seconds = *fields.maximum_record_age_seconds;
    if (fields.bisect_batch_on_function_error)
      config.bisect_batch_on_function_error = *fields.bisect_batch_on_function_error;
    if (fields.report_batch_item_failures)
      config.report_batch_item_failures = *fields.report_batch_item_failures;
    if (fields.on_failure_destination)
      config.on_failure_destination = *fields.on_failure_destination;
    STREAMLAB_ASSIGN_OR_RETURN(auto position, string_field(body, "StartingPosition"));
    if (position) {
      if (*position == "TRIM_HORIZON") {
        config.starting_position = esm::StartingPosition::kTrimHorizon;
      } else if (*position == "LATEST") {
        config.starting_position = esm::StartingPosition::kLatest;
      } else if (*position == "AT_TIMESTAMP") {
        config.starting_position = esm::StartingPosition::kAtTimestamp;
      } else {
        return invalid_parameter("StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP");
      }
    }
    if (auto timestamp = body.find("StartingPositionTimestamp");
        timestamp != body.end() && !timestamp->is_null()) {
      if (!timestamp->is_number())
        return invalid_parameter("StartingPositionTimestamp must be epoch seconds");
      config.starting_position_timestamp =
          from_unix_millis(static_cast<std::int64_t>(timestamp->get<double>() * 1000.0));
    }
    STREAMLAB_ASSIGN_OR_RETURN(esm::MappingDescription created,
                               context.mappings.create(std::move(config)));
    return mapping_json(created);
  };
  auto result = run();
  if (!result.is_ok()) return respond_error(context, result.error());
  respond_json(context, 202, *result);
}

}  // namespace streamlab::lambda::actions
