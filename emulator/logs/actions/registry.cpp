// The one list of Logs actions. Adding an action: write its file, add a line here.
#include "emulator/logs/actions/action.h"

namespace streamlab::logs::actions {

const std::map<std::string, Action, std::less<>>& registry() {
  static const auto* actions = [] {
    auto* map = new std::map<std::string, Action, std::less<>>;
    for (Action action :
         {describe_log_groups(), describe_log_streams(), get_log_events(), filter_log_events()}) {
      std::string name = action.name;
      map->emplace(std::move(name), std::move(action));
    }
    return map;
  }();
  return *actions;
}

}  // namespace streamlab::logs::actions
