#include "emulator/dynamodb/expressions/cache.h"

#include "emulator/dynamodb/expressions/parser.h"

namespace streamlab::dynamodb::expressions {
namespace {

template <typename T, typename Parse>
Result<std::shared_ptr<const T>> lookup(
    std::unordered_map<std::string, std::shared_ptr<const T>>& map, std::string key,
    std::size_t max_entries, std::size_t& parses, Parse parse) {
  if (auto it = map.find(key); it != map.end()) return it->second;
  ++parses;
  auto parsed = parse();
  if (!parsed.is_ok()) return parsed.error();  // errors are not cached: they are cheap to redo
  if (map.size() >= max_entries) map.clear();
  auto shared = std::make_shared<const T>(std::move(parsed).value());
  map.emplace(std::move(key), shared);
  return std::shared_ptr<const T>(shared);
}

}  // namespace

Result<std::shared_ptr<const ParsedCondition>> ExpressionCache::condition(std::string_view text,
                                                                          std::string_view kind) {
  std::string key(kind);
  key.push_back('\n');
  key.append(text);
  return lookup(conditions_, std::move(key), kMaxEntries, parses_,
                [&] { return parse_condition(text, kind); });
}

Result<std::shared_ptr<const ParsedUpdate>> ExpressionCache::update(std::string_view text) {
  return lookup(updates_, std::string(text), kMaxEntries, parses_,
                [&] { return parse_update(text); });
}

Result<std::shared_ptr<const ParsedProjection>> ExpressionCache::projection(std::string_view text) {
  return lookup(projections_, std::string(text), kMaxEntries, parses_,
                [&] { return parse_projection(text); });
}

}  // namespace streamlab::dynamodb::expressions
