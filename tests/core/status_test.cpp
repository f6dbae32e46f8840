#include "emulator/core/status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace streamlab {
namespace {

TEST(AwsErrorTest, MapsToAwsJsonErrorBody) {
  const AwsError error =
      errors::resource_not_found("Stream core under account 123456789012 not found.");
  const auto body = nlohmann::json::parse(to_json_body(error));
  EXPECT_EQ(body.at("__type"), "ResourceNotFoundException");
  EXPECT_EQ(body.at("message"), "Stream core under account 123456789012 not found.");
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(error.http_status, 400);
  // The field order is AWS's: __type first.
  EXPECT_EQ(to_json_body(errors::validation("x")),
            R"({"__type":"ValidationException","message":"x"})");
}

TEST(AwsErrorTest, DetailsAreMergedIntoTheBody) {
  AwsError error = errors::conditional_check_failed();
  error.details_json = R"({"Item":{"id":{"S":"a"}}})";
  EXPECT_EQ(
      to_json_body(error),
      R"({"__type":"ConditionalCheckFailedException","message":"The conditional request failed",)"
      R"("Item":{"id":{"S":"a"}}})");
}

TEST(AwsErrorTest, InternalFailureIsHttp500) {
  EXPECT_EQ(errors::internal_failure("boom").http_status, 500);
  EXPECT_EQ(errors::conditional_check_failed().message, "The conditional request failed");
  EXPECT_EQ(errors::conditional_check_failed().type, "ConditionalCheckFailedException");
}

TEST(StatusTest, OkAndErrorAndCopy) {
  Status ok;
  EXPECT_TRUE(ok.is_ok());
  EXPECT_EQ(ok.type(), "");
  EXPECT_EQ(ok.to_string(), "ok");
  Status failed = errors::limit_exceeded("too many");
  EXPECT_FALSE(failed.is_ok());
  EXPECT_TRUE(failed.is("LimitExceededException"));
  Status copy = failed;
  EXPECT_EQ(copy.error(), failed.error());
  EXPECT_EQ(copy.to_string(), "LimitExceededException: too many");
}

Result<int> parse_positive(int x) {
  if (x <= 0) return errors::validation("must be positive");
  return x;
}

Result<int> doubled(int x) {
  STREAMLAB_ASSIGN_OR_RETURN(int value, parse_positive(x));
  return value * 2;
}

Status check(int x) {
  STREAMLAB_RETURN_IF_ERROR(parse_positive(x).status());
  return Status::ok();
}

TEST(ResultTest, ValueOrErrorPropagates) {
  EXPECT_EQ(*doubled(21), 42);
  const auto failed = doubled(-1);
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.error().type, "ValidationException");
  EXPECT_TRUE(check(1).is_ok());
  EXPECT_TRUE(check(0).is("ValidationException"));
}

}  // namespace
}  // namespace streamlab
