// KinesisService: SplitShard, MergeShards, UpdateShardCount.
//
// As on AWS, a reshard puts the stream in UPDATING and takes effect when it
// returns to ACTIVE: the parents close (with an ending sequence number) and
// the children open. Records keep flowing to the parents meanwhile.
#include <algorithm>

#include "emulator/kinesis/stream_model.h"

namespace streamlab::kinesis {

void KinesisService::finish_update_later(Stream& stream, std::string label,
                                         std::function<void(Stream&)> change) {
  stream.status = StreamStatus::kUpdating;
  scheduler_.schedule_after(
      options_.update_delay, std::move(label),
      [this, name = stream.name, incarnation = stream.incarnation, change = std::move(change)] {
        auto it = streams_.find(name);
        if (it == streams_.end() || it->second->incarnation != incarnation ||
            it->second->status != StreamStatus::kUpdating) {
          return;
        }
        change(*it->second);
        rebuild_open_shards(*it->second);
        it->second->status = StreamStatus::kActive;
      });
}

Status KinesisService::split_shard(std::string_view name, std::string_view shard_to_split,
                                   std::string_view new_starting_hash_key) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream_for_update(name));
  STREAMLAB_ASSIGN_OR_RETURN(Shard * parent, find_shard(*stream, shard_to_split));
  const std::string where =
      " in stream " + stream->name + " under account " + options_.identity.account_id;
  if (!parent->open) {
    return errors::invalid_argument("Shard " + parent->id + where +
                                    " has already been merged or split, and thus is not eligible "
                                    "for merging or splitting.");
  }
  const auto key = parse_hash_key(new_starting_hash_key);
  // AWS: the key must be greater than one plus the shard's starting hash key
  // and less than its ending hash key, so both children are non-trivial.
  if (!key || *key <= parent->range.start + 1 || *key >= parent->range.end) {
    return errors::invalid_argument(
        "NewStartingHashKey " + std::string(new_starting_hash_key) +
        " used in SplitShard() on shard " + parent->id + where +
        " is not both greater than one plus the shard's StartingHashKey " +
        format_hash_key(parent->range.start) + " and less than the shard's EndingHashKey " +
        format_hash_key(parent->range.end) + ".");
  }
  if (open_shards_in_account() + 1 > options_.shard_limit) {
    return errors::limit_exceeded("This request would exceed the shard limit for the account " +
                                  options_.identity.account_id + " in " + options_.identity.region +
                                  ".");
  }
  const std::uint32_t parent_index = parent->index;
  const uint128 split_at = *key;
  finish_update_later(*stream, "kinesis SplitShard " + stream->name + "/" + parent->id,
                      [this, parent_index, split_at](Stream& s) {
                        Shard& p = *s.shards[parent_index];
                        close_shard(p);
                        const HashKeyRange range = p.range;
                        add_shard(s, {range.start, split_at - 1}, {parent_index});
                        add_shard(s, {split_at, range.end}, {parent_index});
                      });
  return Status::ok();
}

Status KinesisService::merge_shards(std::string_view name, std::string_view shard_to_merge,
                                    std::string_view adjacent_shard_to_merge) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream_for_update(name));
  STREAMLAB_ASSIGN_OR_RETURN(Shard * first, find_shard(*stream, shard_to_merge));
  STREAMLAB_ASSIGN_OR_RETURN(Shard * second, find_shard(*stream, adjacent_shard_to_merge));
  const std::string where =
      " in stream " + stream->name + " under account " + options_.identity.account_id;
  for (const Shard* shard : {first, second}) {
    if (!shard->open) {
      return errors::invalid_argument("Shard " + shard->id + where +
                                      " has already been merged or split, and thus is not "
                                      "eligible for merging or splitting.");
    }
  }
  const bool adjacent =
      (first->range.end != kMaxHashKey && first->range.end + 1 == second->range.start) ||
      (second->range.end != kMaxHashKey && second->range.end + 1 == first->range.start);
  if (!adjacent || first == second) {
    return errors::invalid_argument("Shards " + first->id + " and " + second->id + where +
                                    " are not an adjacent pair of shards eligible for merging");
  }
  const std::uint32_t a = first->index, b = second->index;
  finish_update_later(
      *stream, "kinesis MergeShards " + stream->name + "/" + first->id + "+" + second->id,
      [this, a, b](Stream& s) {
        Shard& x = *s.shards[a];
        Shard& y = *s.shards[b];
        close_shard(x);
        close_shard(y);
        add_shard(s, {std::min(x.range.start, y.range.start), std::max(x.range.end, y.range.end)},
                  {a, b});
      });
  return Status::ok();
}

// UNIFORM_SCALING: the open shards close and `target` new shards split the
// hash space evenly. Each new shard's parents are the old shards its range
// overlaps (DescribeStream shows the first two; consumers see them all).
Status KinesisService::update_shard_count(std::string_view name, std::uint32_t target) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream_for_update(name));
  const auto open = static_cast<std::uint32_t>(stream->open_shards.size());
  if (target < 1 || target > open * 2 || target * 2 < open) {
    return errors::invalid_argument(
        "UpdateShardCount failed for stream " + stream->name + " under account " +
        options_.identity.account_id + ": the target shard count " + std::to_string(target) +
        " must be between half and double the current open shard count (" + std::to_string(open) +
        ").");
  }
  if (open_shards_in_account() - open + target > options_.shard_limit) {
    return errors::limit_exceeded("This request would exceed the shard limit for the account " +
                                  options_.identity.account_id + " in " + options_.identity.region +
                                  ".");
  }
  finish_update_later(
      *stream, "kinesis UpdateShardCount " + stream->name, [this, target](Stream& s) {
        std::vector<Shard*> old = s.open_shards;
        for (Shard* shard : old) close_shard(*shard);
        for (const HashKeyRange& range : split_evenly(target)) {
          std::vector<std::uint32_t> parents;
          for (const Shard* shard : old) {
            if (shard->range.start <= range.end && range.start <= shard->range.end) {
              parents.push_back(shard->index);
            }
          }
          add_shard(s, range, std::move(parents));
        }
      });
  return Status::ok();
}

}  // namespace streamlab::kinesis
