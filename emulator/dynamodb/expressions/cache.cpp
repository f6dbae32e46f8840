#include "emulator/dynamodb/expressions/cache.h"

#include "emulator/dynamodb/expressions/parser.h"

namespace streamlab::dynamodb::expressions {

template <typename T, typename Parse>
Result<std::shared_ptr<const T>> ExpressionCache::lookup(Store<T>& store, std::string_view key,
                                                         Parse parse) {
  Recent<T>& recent = store.recent;
  for (std::size_t i = 0; i < Recent<T>::kSize; ++i) {
    if (recent.parsed[i] && recent.texts[i] == key) return recent.parsed[i];
  }
  std::shared_ptr<const T> found;
  if (auto it = store.map.find(key); it != store.map.end()) {
    found = it->second;
  } else {
    ++parses_;
    auto parsed = parse();
    if (!parsed.is_ok()) return parsed.error();  // errors are not cached: they are cheap to redo
    if (store.map.size() >= kMaxEntries) store.map.clear();
    found = std::make_shared<T>(std::move(parsed).value());
    store.map.emplace(std::string(key), found);
  }
  recent.texts[recent.next].assign(key);
  recent.parsed[recent.next] = found;
  recent.next = (recent.next + 1) % Recent<T>::kSize;
  return found;
}

Result<std::shared_ptr<const ParsedCondition>> ExpressionCache::condition(std::string_view text,
                                                                          std::string_view kind) {
  condition_key_.assign(kind);
  condition_key_.push_back('\n');
  condition_key_.append(text);
  return lookup(conditions_, condition_key_, [&] { return parse_condition(text, kind); });
}

Result<std::shared_ptr<const ParsedUpdate>> ExpressionCache::update(std::string_view text) {
  return lookup(updates_, text, [&] { return parse_update(text); });
}

Result<std::shared_ptr<const ParsedProjection>> ExpressionCache::projection(std::string_view text) {
  return lookup(projections_, text, [&] { return parse_projection(text); });
}

}  // namespace streamlab::dynamodb::expressions
