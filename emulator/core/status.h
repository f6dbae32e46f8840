// Errors as values, shaped like AWS errors.
//
// Every expected failure in streamlab is an AwsError: a `type` such as
// "ValidationException", a human `message` in AWS's wording, and the HTTP
// status the wire layer answers with. Status carries "ok or an AwsError";
// Result<T> carries "a T or an AwsError". Success costs one null pointer.
// Broken internal invariants are bugs and abort; they are never AwsErrors.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace streamlab {

struct AwsError {
  std::string type;     // e.g. "ResourceNotFoundException"
  std::string message;  // AWS's wording, e.g. "Stream s under account 123456789012 not found."
  int http_status = 400;
  // Extra top-level fields of the error body, as a JSON object text ("" for
  // none): DynamoDB's ConditionalCheckFailedException can carry "Item",
  // TransactionCanceledException "CancellationReasons".
  std::string details_json;

  bool operator==(const AwsError&) const = default;
};

// The AWS JSON protocols' error body: {"__type": type, "message": message},
// followed by the fields of details_json.
std::string to_json_body(const AwsError& error);

// Named constructors for the error types the emulated services return.
namespace errors {
AwsError make(std::string type, std::string message, int http_status = 400);
AwsError serialization(std::string message);
AwsError validation(std::string message);
AwsError resource_not_found(std::string message);
AwsError resource_in_use(std::string message);
AwsError invalid_argument(std::string message);
AwsError limit_exceeded(std::string message);
AwsError expired_iterator(std::string message);
AwsError provisioned_throughput_exceeded(std::string message);
AwsError conditional_check_failed(std::string message = "The conditional request failed");
AwsError internal_failure(std::string message);  // HTTP 500
}  // namespace errors

class [[nodiscard]] Status {
 public:
  Status() = default;                                                               // ok
  Status(AwsError error) : error_(std::make_unique<AwsError>(std::move(error))) {}  // NOLINT
  Status(const Status& other)
      : error_(other.error_ ? std::make_unique<AwsError>(*other.error_) : nullptr) {}
  Status(Status&&) noexcept = default;
  Status& operator=(const Status& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<AwsError>(*other.error_) : nullptr;
    return *this;
  }
  Status& operator=(Status&&) noexcept = default;

  static Status ok() { return Status(); }

  bool is_ok() const { return error_ == nullptr; }
  explicit operator bool() const { return is_ok(); }
  // REQUIRES: !is_ok()
  const AwsError& error() const;
  // "" when ok.
  const std::string& type() const;
  bool is(std::string_view type) const { return error_ && error_->type == type; }
  std::string to_string() const;  // "ok" or "Type: message"

 private:
  std::unique_ptr<AwsError> error_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT
  Result(AwsError error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  Result(Status status)
      : state_(std::in_place_index<1>, status.error()) {}  // NOLINT; REQUIRES: !ok

  bool is_ok() const { return state_.index() == 0; }
  explicit operator bool() const { return is_ok(); }

  // REQUIRES: is_ok()
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !is_ok()
  const AwsError& error() const { return std::get<1>(state_); }
  Status status() const { return is_ok() ? Status() : Status(error()); }

 private:
  std::variant<T, AwsError> state_;
};

}  // namespace streamlab

#define STREAMLAB_CONCAT_INNER(a, b) a##b
#define STREAMLAB_CONCAT(a, b) STREAMLAB_CONCAT_INNER(a, b)

// Returns the error of a Status-returning expression from the enclosing function.
#define STREAMLAB_RETURN_IF_ERROR(expr)                               \
  do {                                                                \
    ::streamlab::Status streamlab_status_ = (expr);                   \
    if (!streamlab_status_.is_ok()) return streamlab_status_.error(); \
  } while (0)

// `STREAMLAB_ASSIGN_OR_RETURN(auto x, f());` — binds the value or returns the error.
#define STREAMLAB_ASSIGN_OR_RETURN(lhs, expr) \
  STREAMLAB_ASSIGN_OR_RETURN_IMPL(STREAMLAB_CONCAT(streamlab_result_, __LINE__), lhs, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` is a declaration, `tmp` a name.
#define STREAMLAB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.is_ok()) return tmp.error();                 \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
