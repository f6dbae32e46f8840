#include "emulator/logs/logs_json_api.h"

#include "emulator/logs/actions/action.h"

namespace streamlab::logs {

wire::JsonResponse LogsJsonApi::handle(std::string_view target, std::string_view body) {
  constexpr std::string_view kPrefix = "Logs_20140328.";
  std::string_view name = target;
  if (name.substr(0, kPrefix.size()) == kPrefix) name.remove_prefix(kPrefix.size());
  const auto& actions = actions::registry();
  auto it = actions.find(name);
  if (it == actions.end()) {
    return wire::JsonResponse::error(
        errors::make("UnknownOperationException", "Unknown operation " + std::string(target)));
  }
  nlohmann::json request = nlohmann::json::parse(body, nullptr, false);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    request = nlohmann::json::object();
  if (request.is_discarded() || !request.is_object()) {
    return wire::JsonResponse::error(errors::serialization("Request body is not a JSON object"));
  }
  if (Status valid = wire::check_request(request, it->second.spec); !valid.is_ok()) {
    return wire::JsonResponse::error(valid.error());
  }
  try {
    auto result = it->second.handle(logs_, request);
    if (!result.is_ok()) return wire::JsonResponse::error(result.error());
    return {200, result->dump()};
  } catch (const nlohmann::json::exception& error) {
    return wire::JsonResponse::error(
        errors::internal_failure(std::string("streamlab: ") + error.what()));
  }
}

}  // namespace streamlab::logs
