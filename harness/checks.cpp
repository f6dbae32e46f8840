#include "harness/checks.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

struct Range {
  std::optional<long long> min, max;
  bool contains(long long value) const {
    return (!min || value >= *min) && (!max || value <= *max);
  }
  std::string text() const {
    if (min && max)
      return *min == *max ? std::to_string(*min)
                          : std::to_string(*min) + ".." + std::to_string(*max);
    if (min) return "≥ " + std::to_string(*min);
    if (max) return "≤ " + std::to_string(*max);
    return "any";
  }
};

Range range_of(const json& args, const char* member, Range fallback) {
  if (!args.contains(member)) return fallback;
  Range range;
  if (args[member].contains("min")) range.min = args[member]["min"].get<long long>();
  if (args[member].contains("max")) range.max = args[member]["max"].get<long long>();
  return range;
}

// A record as it reached a destination. The views point into the
// observations (or the world's push log), which outlive every check.
struct Delivery {
  kinesis::SequenceNumber sequence;  // of the source record
  std::string_view key;
  TimePoint at;
};

using SequenceSet = std::unordered_set<kinesis::SequenceNumber, SequenceNumberHash>;

// A destination's deliveries of source records, in arrival order. A record
// or push that names no source sequence number is no delivery of one.
std::vector<Delivery> deliveries(const std::string& destination, const Observations& observed,
                                 World& world) {
  std::vector<Delivery> out;
  if (destination.rfind("push:", 0) == 0) {
    const auto& received = world.push_received[destination.substr(5)];
    out.reserve(received.size());
    for (const auto& delivery : received) {
      if (auto sequence = kinesis::parse_sequence_number(delivery.sequence_number))
        out.push_back({*sequence, delivery.partition_key, delivery.at});
    }
    return out;
  }
  auto stream = observed.streams.find(destination);
  if (stream == observed.streams.end()) return out;
  out.reserve(stream->second.size());
  for (const auto& record : stream->second) {
    if (record.source)
      out.push_back({*record.source, record.partition_key, from_unix_millis(record.arrival_ms)});
  }
  return out;
}

const std::vector<StreamRecord>& records_of(const std::string& stream,
                                            const Observations& observed) {
  static const std::vector<StreamRecord> kNone;
  auto found = observed.streams.find(stream);
  return found == observed.streams.end() ? kNone : found->second;
}

// Finds an observed source record by its sequence number without hashing or
// comparing strings: a stream is observed shard by shard, each shard's records
// in counter order, consecutive (trimming drops only a prefix), so a record
// sits at its shard's first index plus its counter's distance from the
// shard's first counter (Run::observe reads each shard whole, in order).
class SourceLocator {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit SourceLocator(const std::vector<StreamRecord>& records) : records_(records) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& sequence = records[i].sequence;
      if (sequence.shard_index >= runs_.size()) runs_.resize(sequence.shard_index + 1);
      Run& run = runs_[sequence.shard_index];
      if (run.count == 0) run = Run{sequence.counter, i, 0};
      if (run.first_index + run.count != i || sequence.counter != run.first_counter + run.count) {
        std::fprintf(stderr, "streamlab bug: a shard's observed records are not consecutive\n");
        std::abort();
      }
      ++run.count;
    }
  }

  // The index of the record with exactly this sequence number, or npos.
  std::size_t find(const kinesis::SequenceNumber& sequence) const {
    if (sequence.shard_index >= runs_.size()) return npos;
    const Run& run = runs_[sequence.shard_index];
    if (sequence.counter < run.first_counter || sequence.counter - run.first_counter >= run.count)
      return npos;
    const std::size_t index =
        run.first_index + static_cast<std::size_t>(sequence.counter - run.first_counter);
    return records_[index].sequence == sequence ? index : npos;  // the arrival time too
  }

 private:
  struct Run {
    std::uint64_t first_counter = 0;
    std::size_t first_index = 0;
    std::size_t count = 0;
  };
  const std::vector<StreamRecord>& records_;
  std::vector<Run> runs_;  // by shard index
};

Verdict per_key_order(const Expectation& expectation, const Observations& observed, World& world) {
  const std::string source = expectation.args["source"],
                    destination = expectation.args["destination"];
  const auto& source_records = records_of(source, observed);
  const SourceLocator locator(source_records);
  // Each source record's position among its key's records.
  std::vector<std::size_t> position_in_key(source_records.size());
  {
    std::unordered_map<std::string_view, std::size_t> per_key;
    for (std::size_t i = 0; i < source_records.size(); ++i)
      position_in_key[i] = per_key[source_records[i].partition_key]++;
  }
  std::map<std::string_view, std::vector<std::size_t>>
      arrived;  // key → source positions, first arrivals
  std::map<std::string_view, std::vector<TimePoint>> arrived_at;
  std::vector<bool> seen(source_records.size());
  for (const auto& delivery : deliveries(destination, observed, world)) {
    const std::size_t found = locator.find(delivery.sequence);
    if (found == SourceLocator::npos || seen[found]) continue;
    seen[found] = true;
    const std::string_view key = source_records[found].partition_key;
    arrived[key].push_back(position_in_key[found]);
    arrived_at[key].push_back(delivery.at);
  }
  std::size_t broken = 0;
  std::string first;
  std::vector<TimelineEntry> markers;
  for (const auto& [key, positions] : arrived) {
    bool ordered = true;
    for (std::size_t i = 1; i < positions.size(); ++i)
      ordered = ordered && positions[i] > positions[i - 1];
    if (ordered) continue;
    std::size_t broke = 1;
    while (positions[broke] > positions[broke - 1]) ++broke;
    std::string marker = "ORDER BROKE in " + destination + ": key ";
    marker += key;
    marker += " record #" + std::to_string(positions[broke] + 1) + " arrived after #" +
              std::to_string(positions[broke - 1] + 1);
    markers.push_back({arrived_at[key][broke], std::move(marker)});
    if (++broken > 1) continue;
    std::vector<kinesis::SequenceNumber> sequences;  // the key's, in source order
    for (const auto& record : source_records)
      if (record.partition_key == key) sequences.push_back(record.sequence);
    first = "first: key ";
    first += key;
    first += ": " + source + " order";
    for (std::size_t i = 0; i < sequences.size() && i < 6; ++i)
      first += " #" + std::to_string(i + 1) + " " + short_sequence(sequences[i]);
    if (sequences.size() > 6) first += " …";
    first += "; " + destination + " order " + (broke > 3 ? "… " : "");
    for (std::size_t i = broke > 3 ? broke - 3 : 0; i < positions.size() && i < broke + 3; ++i)
      first += " #" + std::to_string(positions[i] + 1);
    if (positions.size() > broke + 3) first += " …";
    first += " (#" + std::to_string(positions[broke] + 1) + " arrived after #" +
             std::to_string(positions[broke - 1] + 1) + ")";
  }
  Verdict verdict{&expectation, broken > 0, ""};
  verdict.markers = std::move(markers);
  verdict.evidence = std::to_string(broken) + " of " + std::to_string(arrived.size()) +
                     " keys arrived out of order" + (first.empty() ? "" : "; " + first);
  return verdict;
}

Verdict no_loss(const Expectation& expectation, const Observations& observed, World& world) {
  const std::string source = expectation.args["source"],
                    destination = expectation.args["destination"];
  const long long expected_missing = expectation.args.value("missing", 0LL);
  const auto& source_records = records_of(source, observed);
  const SourceLocator locator(source_records);
  std::vector<bool> delivered(source_records.size());
  for (const auto& delivery : deliveries(destination, observed, world)) {
    const std::size_t found = locator.find(delivery.sequence);
    if (found != SourceLocator::npos) delivered[found] = true;
  }
  long long missing = 0;
  const auto total = static_cast<long long>(source_records.size());
  std::string first;
  for (std::size_t i = 0; i < source_records.size(); ++i) {
    if (delivered[i]) continue;
    if (++missing == 1) {
      first = "; first: key ";
      first += source_records[i].partition_key;
      first += " " + short_sequence(source_records[i].sequence);
    }
  }
  Verdict verdict{&expectation, missing != expected_missing, ""};
  verdict.evidence = std::to_string(missing) + " of " + std::to_string(total) + " " + source +
                     " records never reached " + destination + " (expected " +
                     std::to_string(expected_missing) + ")" + first;
  return verdict;
}

Verdict duplicates(const Expectation& expectation, const Observations& observed, World& world) {
  const std::string destination = expectation.args["destination"];
  const Range same_range = range_of(expectation.args, "same_event_id", Range{std::nullopt, 0});
  const Range new_range = range_of(expectation.args, "new_event_id", Range{std::nullopt, 0});
  SequenceSet seen;
  std::map<std::string, SequenceSet> sequences_of_event;
  long long same = 0;
  for (const auto& delivery : deliveries(destination, observed, world)) {
    if (!seen.insert(delivery.sequence).second) {
      ++same;
      continue;
    }
    auto business = observed.business_event_of.find(delivery.sequence);
    if (business != observed.business_event_of.end())
      sequences_of_event[business->second].insert(delivery.sequence);
  }
  long long fresh = 0;
  for (const auto& [event, sequences] : sequences_of_event)
    fresh += static_cast<long long>(sequences.size()) - 1;
  Verdict verdict{&expectation, !same_range.contains(same) || !new_range.contains(fresh), ""};
  verdict.evidence = "duplicates in " + destination + ": " + std::to_string(same) +
                     " with the same eventId (expected " + same_range.text() + "), " +
                     std::to_string(fresh) + " with a new eventId (expected " + new_range.text() +
                     ")";
  return verdict;
}

Verdict exactly_once_effect(const Expectation& expectation, const Observations& observed,
                            World& world) {
  const std::string table = expectation.args["table"], writes = expectation.args["writes"];
  auto description = world.db.describe_table(table);
  if (!description.is_ok())
    return Verdict{&expectation, true,
                   "cannot read " + table + ": " + description.status().to_string()};
  const std::string key_attribute = description->definition.key.hash.name;
  long long wrong = 0, keys = 0;
  std::string first;
  auto accepted = observed.accepted_versions.find(writes);
  if (accepted != observed.accepted_versions.end()) {
    for (const auto& [key, versions] : accepted->second) {
      ++keys;
      dynamodb::Item item_key;
      item_key[key_attribute] = dynamodb::AttributeValue::string(key);
      auto row = world.db.get_item({table, item_key, true, "", {}});
      long long applied = 0;
      if (row.is_ok() && *row && (*row)->count("applied"))
        applied = std::stoll((*row)->at("applied").as_number().to_string());
      if (applied == versions) continue;
      if (++wrong == 1)
        first = "; first: " + key + ": " + std::to_string(versions) + " versions written, " +
                std::to_string(applied) + " effects";
    }
  }
  Verdict verdict{&expectation, wrong > 0, ""};
  verdict.evidence = std::to_string(wrong) + " of " + std::to_string(keys) +
                     " keys without exactly one effect per version" + first;
  return verdict;
}

Verdict scores_match_oracle(const Expectation& expectation, const Observations& observed,
                            World& world) {
  const std::string table = expectation.args.value("table", "Scores");
  const auto oracle = functions::compute_oracle(observed.history);
  auto actual = functions::read_winner_tables(world.db, table, "");
  Verdict verdict{&expectation, true, ""};
  if (!actual.is_ok()) {
    verdict.evidence = "cannot read " + table + ": " + actual.status().to_string();
    return verdict;
  }
  std::set<std::pair<std::string, std::string>> users;
  for (const auto& [user, score] : oracle.scores) users.insert(user);
  for (const auto& [user, score] : actual->scores) users.insert(user);
  long long wrong = 0;
  std::string first;
  for (const auto& user : users) {
    auto expected = oracle.scores.count(user) ? oracle.scores.at(user) : 0;
    auto found = actual->scores.count(user) ? actual->scores.at(user) : 0;
    if (expected == found) continue;
    if (++wrong == 1) verdict.subject = user.first + " " + user.second;
    if (wrong == 1)
      first = "; first: " + user.first + " (" + user.second + "): oracle " +
              std::to_string(expected) + ", " + table + " " + std::to_string(found);
  }
  verdict.violated = wrong > 0;
  verdict.evidence = std::to_string(wrong) + " of " + std::to_string(users.size()) +
                     " scores differ from the oracle" + first;
  return verdict;
}

Verdict contributions_match_oracle(const Expectation& expectation, const Observations& observed,
                                   World& world) {
  const std::string table = expectation.args.value("table", "Contributions");
  const auto oracle = functions::compute_oracle(observed.history);
  auto actual = functions::read_winner_tables(world.db, "Scores", table);
  Verdict verdict{&expectation, true, ""};
  if (!actual.is_ok()) {
    verdict.evidence = "cannot read " + table + ": " + actual.status().to_string();
    return verdict;
  }
  long long wrong = 0;
  std::string first;
  for (const auto& [product, expected] : oracle.products) {
    const auto found =
        actual->products.count(product) ? actual->products.at(product) : functions::ProductOracle{};
    if (found.creator == expected.creator && found.creator_score == expected.creator_score &&
        found.photographer_score == expected.photographer_score)
      continue;
    if (++wrong == 1) verdict.subject = product;
    if (wrong == 1)
      first = "; first: " + product + ": oracle creator " + expected.creator + " " +
              std::to_string(expected.creator_score) + "/" +
              std::to_string(expected.photographer_score) + ", ";
    first += table + " creator " + (found.creator.empty() ? "(none)" : found.creator) + " ";
    first += std::to_string(found.creator_score) + "/" + std::to_string(found.photographer_score);
  }
  verdict.violated = wrong > 0;
  verdict.evidence = std::to_string(wrong) + " of " + std::to_string(oracle.products.size()) +
                     " products' counts (creatorScore/photographerScore) differ from the oracle" +
                     first;
  return verdict;
}

// The first listed item that is missing or differs, described; "" when all match.
std::string mismatched_item(World& world, const std::string& table,
                            const dynamodb::KeySchema& schema, const json& items) {
  for (const auto& listed : items) {
    auto expected = dynamodb::item_from_json(listed);
    if (!expected.is_ok()) return "item " + listed.dump() + ": " + expected.error().message;
    auto stored =
        world.db.get_item({table, dynamodb::key_attributes(schema, *expected), true, "", {}});
    if (!stored.is_ok()) return "item " + listed.dump() + ": " + stored.status().to_string();
    if (!*stored) return "no item " + listed.dump();
    for (const auto& [name, value] : *expected) {
      auto found = (*stored)->find(name);
      if (found != (*stored)->end() && found->second == value) continue;
      std::string actual = found == (*stored)->end()
                               ? std::string("(absent)")
                               : dynamodb::attribute_to_json(found->second).dump();
      std::string description = "item " + listed.dump() + " has ";
      description += name;
      description += " = " + actual;
      return description;
    }
  }
  return "";
}

Verdict table_contents(const Expectation& expectation, World& world) {
  const std::string table = expectation.args["table"];
  auto description = world.db.describe_table(table);
  Verdict verdict{&expectation, true, ""};
  if (!description.is_ok()) {
    verdict.evidence = description.status().to_string();
    return verdict;
  }
  verdict.violated = false;
  const auto count = static_cast<long long>(description->item_count);
  verdict.evidence = table + " holds " + std::to_string(count) + " items";
  if (expectation.args.contains("count")) {
    const Range range = range_of(expectation.args, "count", Range{});
    verdict.violated = !range.contains(count);
    verdict.evidence += " (expected " + range.text() + ")";
  }
  if (expectation.args.contains("items")) {
    const std::string mismatch =
        mismatched_item(world, table, description->definition.key, expectation.args["items"]);
    if (!mismatch.empty()) {
      verdict.violated = true;
      verdict.evidence += "; " + mismatch;
    } else {
      verdict.evidence +=
          "; the " + std::to_string(expectation.args["items"].size()) + " listed items match";
    }
  }
  return verdict;
}

Verdict log_lines(const Expectation& expectation, World& world) {
  const std::string function = expectation.args["function"], text = expectation.args["contains"];
  const Range range = range_of(expectation.args, "count", Range{1, std::nullopt});
  auto lines = world.logs.filter_log_events(world.lambda.log_group(function), "");
  long long count = 0;
  std::string first;
  if (lines.is_ok()) {
    for (const auto& line : *lines) {
      if (line.event.message.find(text) == std::string::npos) continue;
      if (++count == 1) first = "; first: " + line.event.message;
    }
  }
  Verdict verdict{&expectation, !range.contains(count), ""};
  verdict.evidence = std::to_string(count) + " lines of " + world.lambda.log_group(function) +
                     " contain \"" + text + "\" (expected " + range.text() + ")" + first;
  return verdict;
}

// How often an interesting case (emulator/core/occurrences.h) happened in the run.
Verdict occurs(const Expectation& expectation, World& world) {
  const std::string name = expectation.args["case"];
  const Range range = range_of(expectation.args, "count", Range{1, std::nullopt});
  const auto count = static_cast<long long>(world.occurrences.count(name));
  Verdict verdict{&expectation, !range.contains(count), ""};
  verdict.evidence = name + " happened " + std::to_string(count) +
                     (count == 1 ? " time" : " times") + " (expected " + range.text() + ")";
  return verdict;
}

}  // namespace

Verdict check_expectation(const Expectation& expectation, const Observations& observed,
                          World& world) {
  const std::string& check = expectation.check;
  if (check == "per-key-order") return per_key_order(expectation, observed, world);
  if (check == "no-loss") return no_loss(expectation, observed, world);
  if (check == "duplicates") return duplicates(expectation, observed, world);
  if (check == "exactly-once-effect") return exactly_once_effect(expectation, observed, world);
  if (check == "scores-match-oracle") return scores_match_oracle(expectation, observed, world);
  if (check == "contributions-match-oracle")
    return contributions_match_oracle(expectation, observed, world);
  if (check == "table") return table_contents(expectation, world);
  if (check == "occurs") return occurs(expectation, world);
  return log_lines(expectation, world);
}

}  // namespace streamlab::harness
