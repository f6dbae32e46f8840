#include "emulator/core/aws_identity.h"

#include <gtest/gtest.h>

namespace streamlab {
namespace {

TEST(AwsIdentityTest, BuildsArnsWithDefaultAccountAndRegion) {
  const AwsIdentity identity;
  EXPECT_EQ(identity.kinesis_stream_arn("core"),
            "arn:aws:kinesis:us-east-1:123456789012:stream/core");
  EXPECT_EQ(identity.dynamodb_table_arn("Scores"),
            "arn:aws:dynamodb:us-east-1:123456789012:table/Scores");
  EXPECT_EQ(identity.dynamodb_stream_arn("T", "2017-03-28T00:00:00.000"),
            "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2017-03-28T00:00:00.000");
  EXPECT_EQ(identity.lambda_function_arn("fanout"),
            "arn:aws:lambda:us-east-1:123456789012:function:fanout");
  EXPECT_EQ(identity.iam_role_arn("r"), "arn:aws:iam::123456789012:role/r");
}

TEST(AwsIdentityTest, AccountAndRegionAreConfigurable) {
  const AwsIdentity identity{"000000000000", "eu-west-1"};
  EXPECT_EQ(identity.kinesis_stream_arn("s"), "arn:aws:kinesis:eu-west-1:000000000000:stream/s");
}

TEST(AwsIdentityTest, ParsesArnsAndRejectsMalformedOnes) {
  ParsedArn arn;
  ASSERT_TRUE(parse_arn("arn:aws:lambda:us-east-1:123456789012:function:fanout", arn));
  EXPECT_EQ(arn.service, "lambda");
  EXPECT_EQ(arn.region, "us-east-1");
  EXPECT_EQ(arn.account_id, "123456789012");
  EXPECT_EQ(arn.resource, "function:fanout");
  EXPECT_FALSE(parse_arn("arn:aws:kinesis", arn));
  EXPECT_FALSE(parse_arn("not-an-arn:aws:kinesis:r:a:stream/s", arn));
  EXPECT_FALSE(parse_arn("", arn));
}

}  // namespace
}  // namespace streamlab
