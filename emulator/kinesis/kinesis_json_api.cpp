#include "emulator/kinesis/kinesis_json_api.h"

#include "emulator/kinesis/actions/registry.h"

namespace streamlab::kinesis {

wire::JsonResponse KinesisJsonApi::handle(std::string_view target, std::string_view body) {
  constexpr std::string_view kPrefix = "Kinesis_20131202.";
  std::string_view name = target;
  if (name.substr(0, kPrefix.size()) == kPrefix) name.remove_prefix(kPrefix.size());
  const auto& actions = actions::registry();
  auto it = actions.find(name);
  if (it == actions.end()) {
    return wire::JsonResponse::error(
        errors::make("UnknownOperationException", "Unknown operation " + std::string(target)));
  }
  nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    request = nlohmann::json::object();
  if (request.is_discarded()) {
    return wire::JsonResponse::error(errors::serialization("Request body is not valid JSON"));
  }
  if (!request.is_object()) {
    return wire::JsonResponse::error(
        errors::serialization("Start of list found where not expected"));
  }
  if (Status valid = wire::check_request(request, it->second.spec); !valid.is_ok()) {
    return wire::JsonResponse::error(valid.error());
  }
  try {
    auto result = it->second.handle(kinesis_, request);
    if (!result.is_ok()) return wire::JsonResponse::error(result.error());
    return {200, result->dump()};
  } catch (const nlohmann::json::exception& error) {
    // A spec that let a wrongly typed field through: our bug, reported, never a crash.
    return wire::JsonResponse::error(
        errors::internal_failure(std::string("streamlab: ") + error.what()));
  }
}

}  // namespace streamlab::kinesis
