// Internal: the request shapes UpdateItem has already checked.
//
// UpdateItem's checks of a request's expressions — every #name and :value
// they use is defined, every one defined is used, no two update paths
// overlap, no action sets a key attribute — depend only on the table, the
// expression texts, the ExpressionAttributeNames and the *names* of the
// ExpressionAttributeValues, never on the values or the item. A writer sends
// one shape again and again with new values (the winners send four), so the
// shapes that passed are remembered, and a request with one of them skips
// the checks: comparing a shape costs a tenth of checking it. A request that
// fails a check is never remembered, so every error is still found and
// worded by the checks themselves.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "emulator/dynamodb/expressions/evaluator.h"

namespace streamlab::dynamodb {

class CheckedShapes {
 public:
  static constexpr std::size_t kRemembered = 8;  // the latest shapes, oldest replaced first

  // Whether a request of this shape passed the checks before. `table` is the
  // table's incarnation (a table deleted and created again is another table).
  bool passed(std::uint64_t table, std::string_view update, std::string_view condition,
              const expressions::Substitutions& substitutions) const;
  // Remembers a shape that passed the checks.
  void remember(std::uint64_t table, std::string_view update, std::string_view condition,
                const expressions::Substitutions& substitutions);

 private:
  struct Shape {
    std::uint64_t table = 0;  // 0: an empty slot (incarnations start at 1)
    std::string update;
    std::string condition;
    SmallSortedMap<std::string> names;
    std::vector<std::string> value_names;  // in the values' (sorted) order
    bool matches(std::uint64_t table, std::string_view update, std::string_view condition,
                 const expressions::Substitutions& substitutions) const;
  };
  std::array<Shape, kRemembered> shapes_;
  std::size_t next_ = 0;  // the slot the next shape replaces
};

}  // namespace streamlab::dynamodb
