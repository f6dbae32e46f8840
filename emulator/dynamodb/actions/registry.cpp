// The lists of DynamoDB and DynamoDB Streams actions. Adding an action: write
// its file, add a line here.
#include "emulator/dynamodb/actions/registry.h"

namespace streamlab::dynamodb::actions {
namespace {

const std::map<std::string, Action, std::less<>>& build(std::initializer_list<Action> list) {
  auto* map = new std::map<std::string, Action, std::less<>>;
  for (const Action& action : list) map->emplace(action.name, action);
  return *map;
}

}  // namespace

const std::map<std::string, Action, std::less<>>& dynamodb_registry() {
  static const auto& actions = build({
      create_table(),
      describe_table(),
      list_tables(),
      update_table(),
      delete_table(),
      put_item(),
      get_item(),
      update_item(),
      delete_item(),
      query(),
      scan(),
      batch_get_item(),
      batch_write_item(),
      transact_write_items(),
      transact_get_items(),
  });
  return actions;
}

const std::map<std::string, Action, std::less<>>& streams_registry() {
  static const auto& actions = build({
      list_streams(),
      describe_stream(),
      get_shard_iterator(),
      get_records(),
  });
  return actions;
}

}  // namespace streamlab::dynamodb::actions
