#include "emulator/dynamodb/expressions/cache.h"

#include "emulator/dynamodb/expressions/parser.h"

namespace streamlab::dynamodb::expressions {
namespace {

template <typename MapType, typename Parse>
auto lookup(MapType& map, std::string_view key, std::size_t max_entries, std::size_t& parses,
            Parse parse) -> Result<typename MapType::mapped_type> {
  using T = typename MapType::mapped_type::element_type;
  if (auto it = map.find(key); it != map.end()) return it->second;
  ++parses;
  auto parsed = parse();
  if (!parsed.is_ok()) return parsed.error();  // errors are not cached: they are cheap to redo
  if (map.size() >= max_entries) map.clear();
  auto shared = std::make_shared<T>(std::move(parsed).value());
  map.emplace(std::string(key), shared);
  return typename MapType::mapped_type(std::move(shared));
}

}  // namespace

Result<std::shared_ptr<const ParsedCondition>> ExpressionCache::condition(std::string_view text,
                                                                          std::string_view kind) {
  condition_key_.assign(kind);
  condition_key_.push_back('\n');
  condition_key_.append(text);
  return lookup(conditions_, condition_key_, kMaxEntries, parses_,
                [&] { return parse_condition(text, kind); });
}

Result<std::shared_ptr<const ParsedUpdate>> ExpressionCache::update(std::string_view text) {
  return lookup(updates_, text, kMaxEntries, parses_, [&] { return parse_update(text); });
}

Result<std::shared_ptr<const ParsedProjection>> ExpressionCache::projection(std::string_view text) {
  return lookup(projections_, text, kMaxEntries, parses_, [&] { return parse_projection(text); });
}

}  // namespace streamlab::dynamodb::expressions
