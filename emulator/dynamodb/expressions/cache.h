// Parsed expressions cached by their text, so a hot loop does not re-parse.
// Parsed trees are immutable and shared; the cache is per service (one thread).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emulator/core/status.h"
#include "emulator/dynamodb/expressions/ast.h"

namespace streamlab::dynamodb::expressions {

class ExpressionCache {
 public:
  // `kind` is part of the key: the same text may be a condition and a filter.
  Result<std::shared_ptr<const ParsedCondition>> condition(std::string_view text,
                                                           std::string_view kind);
  Result<std::shared_ptr<const ParsedUpdate>> update(std::string_view text);
  Result<std::shared_ptr<const ParsedProjection>> projection(std::string_view text);
  // The same when the text is cached, without parsing it: null when it is
  // not (never parsed, or dropped since). A request whose expressions are all
  // cached may be of a shape already checked (checked_shapes.h).
  std::shared_ptr<const ParsedCondition> cached_condition(std::string_view text,
                                                          std::string_view kind);
  std::shared_ptr<const ParsedProjection> cached_projection(std::string_view text);

  std::size_t parses() const { return parses_; }  // for tests: how often the cache missed

 private:
  static constexpr std::size_t kMaxEntries = 4096;  // bounded: requests may vary their text

  // Transparent hashing: look up by string_view without building a key string.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  template <typename T>
  using Map = std::unordered_map<std::string, std::shared_ptr<const T>, TextHash, std::equal_to<>>;

  // The texts found last, compared before the map: a workload sends a few
  // texts over and over, and comparing one of a few hundred bytes (after its
  // length) costs far less than hashing it.
  template <typename T>
  struct Recent {
    static constexpr std::size_t kSize = 8;
    std::array<std::string, kSize> texts;
    std::array<std::shared_ptr<const T>, kSize> parsed;
    std::size_t next = 0;  // replaced next (round robin)
  };
  template <typename T>
  struct Store {  // one per kind of expression
    Map<T> map;
    Recent<T> recent;
  };
  template <typename T, typename Parse>
  Result<std::shared_ptr<const T>> lookup(Store<T>& store, std::string_view key, Parse parse);
  // The cached expression for `key`, made the most recent; null when absent.
  template <typename T>
  std::shared_ptr<const T> find(Store<T>& store, std::string_view key);
  template <typename T>
  static void make_recent(Store<T>& store, std::string_view key, std::shared_ptr<const T> parsed);
  // The conditions of one kind (few: condition, key condition, filter),
  // found by comparing the kind rather than by building a "kind + text" key.
  Store<ParsedCondition>& conditions(std::string_view kind);

  std::vector<std::pair<std::string, std::unique_ptr<Store<ParsedCondition>>>> conditions_;
  Store<ParsedUpdate> updates_;
  Store<ParsedProjection> projections_;
  std::size_t parses_ = 0;
};

}  // namespace streamlab::dynamodb::expressions
