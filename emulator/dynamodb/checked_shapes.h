// Internal: the request shapes an operation has already checked.
//
// The checks of a request's expressions — every #name and :value they use is
// defined, every one defined is used, no two update paths overlap, no action
// sets a key attribute, a key condition names the key — depend only on the
// table, the request's expressions and the index it reads, the
// ExpressionAttributeNames and the *names* of the ExpressionAttributeValues,
// never on the values or the items. A caller sends one shape again and again
// with new values (the winners use a handful of shapes), so the shapes that
// passed are remembered, and a request with one of them skips the checks:
// comparing a shape costs a fraction of checking it. A request that
// fails a check is never remembered, so every error is still found and
// worded by the checks themselves. Each operation keeps its own.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/dynamodb/expressions/evaluator.h"

namespace streamlab::dynamodb {

class CheckedShapes {
 public:
  static constexpr std::size_t kRemembered = 8;  // the latest shapes, oldest replaced first

  // The parsed expressions a request uses (null where it has none), as the
  // expression cache gives them: one text, one parsed tree, so comparing
  // addresses compares texts. A shape holds its trees, so while it is
  // remembered no other expression can be made at one of their addresses; a
  // text parsed again after the cache dropped it is a new shape, checked again.
  using Parsed = std::initializer_list<const void*>;
  using Held = std::initializer_list<std::shared_ptr<const void>>;
  // What else the checks read (an index name, key attribute names).
  using Texts = std::initializer_list<std::string_view>;

  // Whether a request of this shape passed the checks before. `table` is the
  // table's incarnation (a table deleted and created again is another table);
  // `parsed` and `texts` are always the same kinds in the same order for one
  // operation.
  bool passed(std::uint64_t table, Parsed parsed, Texts texts,
              const expressions::Substitutions& substitutions) const;
  // Remembers a shape that passed the checks.
  void remember(std::uint64_t table, Held parsed, Texts texts,
                const expressions::Substitutions& substitutions);

 private:
  struct Shape {
    std::uint64_t table = 0;  // 0: an empty slot (incarnations start at 1)
    std::vector<std::shared_ptr<const void>> parsed;
    std::vector<std::string> texts;
    expressions::NameMap names;
    std::vector<std::string> value_names;  // in the values' (sorted) order
    bool matches(std::uint64_t table, Parsed parsed, Texts texts,
                 const expressions::Substitutions& substitutions) const;
  };
  std::array<Shape, kRemembered> shapes_;
  std::size_t next_ = 0;  // the slot the next shape replaces
};

}  // namespace streamlab::dynamodb
