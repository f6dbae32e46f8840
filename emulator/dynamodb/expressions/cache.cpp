#include "emulator/dynamodb/expressions/cache.h"

#include "emulator/dynamodb/expressions/parser.h"

namespace streamlab::dynamodb::expressions {

template <typename T>
void ExpressionCache::make_recent(Store<T>& store, std::string_view key,
                                  std::shared_ptr<const T> parsed) {
  Recent<T>& recent = store.recent;
  recent.texts[recent.next].assign(key);
  recent.parsed[recent.next] = std::move(parsed);
  recent.next = (recent.next + 1) % Recent<T>::kSize;
}

template <typename T>
std::shared_ptr<const T> ExpressionCache::find(Store<T>& store, std::string_view key) {
  const Recent<T>& recent = store.recent;
  for (std::size_t i = 0; i < Recent<T>::kSize; ++i) {
    if (recent.parsed[i] && recent.texts[i] == key) return recent.parsed[i];
  }
  auto it = store.map.find(key);
  if (it == store.map.end()) return nullptr;
  make_recent(store, key, it->second);
  return it->second;
}

template <typename T, typename Parse>
Result<std::shared_ptr<const T>> ExpressionCache::lookup(Store<T>& store, std::string_view key,
                                                         Parse parse) {
  if (auto found = find(store, key)) return found;
  ++parses_;
  auto parsed = parse();
  if (!parsed.is_ok()) return parsed.error();  // errors are not cached: they are cheap to redo
  if (store.map.size() >= kMaxEntries) store.map.clear();
  std::shared_ptr<const T> found = std::make_shared<T>(std::move(parsed).value());
  store.map.emplace(std::string(key), found);
  make_recent(store, key, found);
  return found;
}

ExpressionCache::Store<ParsedCondition>& ExpressionCache::conditions(std::string_view kind) {
  for (auto& [name, store] : conditions_) {
    if (name == kind) return *store;
  }
  conditions_.emplace_back(std::string(kind), std::make_unique<Store<ParsedCondition>>());
  return *conditions_.back().second;
}

Result<std::shared_ptr<const ParsedCondition>> ExpressionCache::condition(std::string_view text,
                                                                          std::string_view kind) {
  return lookup(conditions(kind), text, [&] { return parse_condition(text, kind); });
}

Result<std::shared_ptr<const ParsedUpdate>> ExpressionCache::update(std::string_view text) {
  return lookup(updates_, text, [&] { return parse_update(text); });
}

Result<std::shared_ptr<const ParsedProjection>> ExpressionCache::projection(std::string_view text) {
  return lookup(projections_, text, [&] { return parse_projection(text); });
}

std::shared_ptr<const ParsedCondition> ExpressionCache::cached_condition(std::string_view text,
                                                                         std::string_view kind) {
  return find(conditions(kind), text);
}

std::shared_ptr<const ParsedProjection> ExpressionCache::cached_projection(std::string_view text) {
  return find(projections_, text);
}

}  // namespace streamlab::dynamodb::expressions
