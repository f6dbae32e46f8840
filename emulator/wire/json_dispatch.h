// The common path of every AWS JSON-protocol action, in AWS's order: parse the
// body (SerializationException), check its fields against the action's spec
// (SerializationException, then ValidationException), run the action. A JSON
// exception escaping an action is a spec that let a wrong type through: it is
// reported as InternalFailure, never a crash.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "emulator/wire/json_response.h"
#include "emulator/wire/request_spec.h"

namespace streamlab::wire {

// `run` returns the response body; `error_response` renders errors (services
// qualify error types differently).
JsonResponse dispatch_json(
    std::string_view body, const RequestSpec& spec,
    const std::function<Result<std::string>(const nlohmann::json&)>& run,
    const std::function<JsonResponse(const AwsError&)>& error_response = JsonResponse::error);

}  // namespace streamlab::wire
