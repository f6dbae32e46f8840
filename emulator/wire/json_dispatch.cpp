#include "emulator/wire/json_dispatch.h"

namespace streamlab::wire {

JsonResponse dispatch_json(std::string_view body, const RequestSpec& spec,
                           const std::function<Result<std::string>(const nlohmann::json&)>& run,
                           const std::function<JsonResponse(const AwsError&)>& error_response) {
  nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    request = nlohmann::json::object();
  if (request.is_discarded())
    return error_response(errors::serialization("Request body is not valid JSON"));
  if (!request.is_object())
    return error_response(errors::serialization("Start of list found where not expected"));
  if (Status valid = check_request(request, spec); !valid.is_ok())
    return error_response(valid.error());
  try {
    auto result = run(request);
    if (!result.is_ok()) return error_response(result.error());
    return {200, std::move(*result)};
  } catch (const nlohmann::json::exception& error) {
    return error_response(errors::internal_failure(std::string("streamlab: ") + error.what()));
  }
}

}  // namespace streamlab::wire
