#include "emulator/logs/logs_json_api.h"

#include "emulator/logs/actions/action.h"
#include "emulator/wire/json_dispatch.h"

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
  const actions::Action& action = it->second;
  return wire::dispatch_json(body, action.spec,
                             [&](const nlohmann::json& request) -> Result<std::string> {
                               STREAMLAB_ASSIGN_OR_RETURN(auto out, action.handle(logs_, request));
                               return out.dump();
                             });
}

}  // namespace streamlab::logs
