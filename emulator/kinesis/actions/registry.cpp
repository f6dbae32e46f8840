// The one list of Kinesis actions. Adding an action: write its file, add a line here.
#include "emulator/kinesis/actions/registry.h"

namespace streamlab::kinesis::actions {

const std::map<std::string, Action, std::less<>>& registry() {
  static const auto* actions = [] {
    auto* map = new std::map<std::string, Action, std::less<>>;
    for (Action action : {
             create_stream(),
             delete_stream(),
             describe_stream(),
             describe_stream_summary(),
             list_streams(),
             list_shards(),
             put_record(),
             put_records(),
             get_shard_iterator(),
             get_records(),
             split_shard(),
             merge_shards(),
             update_shard_count(),
             increase_stream_retention_period(),
             decrease_stream_retention_period(),
             add_tags_to_stream(),
             remove_tags_from_stream(),
             list_tags_for_stream(),
         }) {
      std::string name = action.name;
      map->emplace(std::move(name), std::move(action));
    }
    return map;
  }();
  return *actions;
}

}  // namespace streamlab::kinesis::actions
