#include "emulator/dynamodb/checked_shapes.h"

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb {

bool CheckedShapes::Shape::matches(std::uint64_t table_incarnation, std::string_view update_text,
                                   std::string_view condition_text,
                                   const expressions::Substitutions& substitutions) const {
  if (table != table_incarnation || update != update_text || condition != condition_text ||
      value_names.size() != substitutions.values.size() || !(names == substitutions.names))
    return false;
  std::size_t i = 0;
  for (const auto& [name, ignored] : substitutions.values) {
    if (!equal_short(value_names[i++], name)) return false;
  }
  return true;
}

bool CheckedShapes::passed(std::uint64_t table, std::string_view update, std::string_view condition,
                           const expressions::Substitutions& substitutions) const {
  for (const Shape& shape : shapes_) {
    if (shape.matches(table, update, condition, substitutions)) return true;
  }
  return false;
}

void CheckedShapes::remember(std::uint64_t table, std::string_view update,
                             std::string_view condition,
                             const expressions::Substitutions& substitutions) {
  Shape& shape = shapes_[next_];
  next_ = (next_ + 1) % kRemembered;
  shape.table = table;
  shape.update.assign(update);
  shape.condition.assign(condition);
  shape.names = substitutions.names;
  shape.value_names.clear();
  for (const auto& [name, ignored] : substitutions.values) shape.value_names.push_back(name);
}

}  // namespace streamlab::dynamodb
