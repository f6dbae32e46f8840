#include "emulator/dynamodb/checked_shapes.h"

#include <algorithm>

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb {

bool CheckedShapes::Shape::matches(std::uint64_t table_incarnation, Parsed request_parsed,
                                   Texts request_texts,
                                   const expressions::Substitutions& substitutions) const {
  if (table != table_incarnation || parsed.size() != request_parsed.size() ||
      !std::equal(parsed.begin(), parsed.end(), request_parsed.begin(),
                  [](const std::shared_ptr<const void>& held, const void* used) {
                    return held.get() == used;
                  }) ||
      texts.size() != request_texts.size() || names.size() != substitutions.names.size() ||
      value_names.size() != substitutions.values.size() ||
      !std::equal(texts.begin(), texts.end(), request_texts.begin()))
    return false;
  // A request that copied the remembered request's names map shares its
  // entries; others are compared, a few bytes each, inline.
  if (!names.shares_entries_with(substitutions.names)) {
    auto name = names.begin();
    for (const auto& [placeholder, attribute] : substitutions.names) {
      if (!equal_short(name->first, placeholder) || !equal_short(name->second, attribute))
        return false;
      ++name;
    }
  }
  std::size_t i = 0;
  for (const auto& [placeholder, ignored] : substitutions.values) {
    if (!equal_short(value_names[i++], placeholder)) return false;
  }
  return true;
}

bool CheckedShapes::passed(std::uint64_t table, Parsed parsed, Texts texts,
                           const expressions::Substitutions& substitutions) const {
  return std::any_of(shapes_.begin(), shapes_.end(), [&](const Shape& shape) {
    return shape.matches(table, parsed, texts, substitutions);
  });
}

void CheckedShapes::remember(std::uint64_t table, Held parsed, Texts texts,
                             const expressions::Substitutions& substitutions) {
  Shape& shape = shapes_[next_];
  next_ = (next_ + 1) % kRemembered;
  shape.table = table;
  shape.parsed.assign(parsed.begin(), parsed.end());
  shape.texts.assign(texts.begin(), texts.end());
  shape.names = substitutions.names;
  shape.value_names.clear();
  for (const auto& [name, ignored] : substitutions.values) shape.value_names.emplace_back(name);
}

}  // namespace streamlab::dynamodb
