#include "emulator/dynamodb/request_checks.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb {

namespace {

using expressions::References;

// Every key of `defined` (a sorted map) must appear in the `member` set of
// some expression in `used`: one merged walk per expression, the few names a
// request carries being sorted on both sides.
template <typename Defined>
Status check_all_used(const Defined& defined, const expressions::UsedReferences& used,
                      std::vector<std::string> References::*member, const char* parameter) {
  // One cursor per expression the request uses (at most a handful).
  using Cursor = std::vector<std::string>::const_iterator;
  std::array<Cursor, expressions::UsedReferences::kMaxExpressions> at;
  for (std::size_t i = 0; i < used.size(); ++i) at[i] = (used[i]->*member).begin();
  std::string unused;
  for (const auto& [name, ignored] : defined) {
    bool found = false;
    for (std::size_t i = 0; i < used.size(); ++i) {
      const auto& names = used[i]->*member;
      while (at[i] != names.end() && compare_short(*at[i], name) < 0) ++at[i];
      found = found || (at[i] != names.end() && equal_short(*at[i], name));
    }
    if (!found) unused.append(unused.empty() ? "" : ", ").append(name);
  }
  if (unused.empty()) return Status::ok();
  return errors::validation("Value provided in " + std::string(parameter) +
                            " unused in expressions: keys: {" + unused + "}");
}

}  // namespace

Status check_substitutions(const expressions::Substitutions& substitutions,
                           const expressions::UsedReferences& used) {
  if (used.empty()) {
    if (!substitutions.names.empty()) {
      return errors::validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (!substitutions.values.empty()) {
      return errors::validation(
          "ExpressionAttributeValues can only be specified when using expressions");
    }
    return Status::ok();
  }
  STREAMLAB_RETURN_IF_ERROR(
      check_all_used(substitutions.names, used, &References::names, "ExpressionAttributeNames"));
  return check_all_used(substitutions.values, used, &References::values,
                        "ExpressionAttributeValues");
}

}  // namespace streamlab::dynamodb
