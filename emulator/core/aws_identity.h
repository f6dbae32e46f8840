// The account and region the emulator pretends to be, and ARNs built from them.
#pragma once

#include <string>
#include <string_view>

namespace streamlab {

struct AwsIdentity {
  std::string account_id = "123456789012";
  std::string region = "us-east-1";

  // arn:aws:kinesis:us-east-1:123456789012:stream/NAME
  std::string kinesis_stream_arn(std::string_view stream_name) const;
  // arn:aws:dynamodb:us-east-1:123456789012:table/NAME
  std::string dynamodb_table_arn(std::string_view table_name) const;
  // arn:aws:dynamodb:us-east-1:123456789012:table/NAME/stream/LABEL
  std::string dynamodb_stream_arn(std::string_view table_name, std::string_view label) const;
  // arn:aws:lambda:us-east-1:123456789012:function:NAME
  std::string lambda_function_arn(std::string_view function_name) const;
  // arn:aws:iam::123456789012:role/NAME (IAM ARNs carry no region)
  std::string iam_role_arn(std::string_view role_name) const;
};

struct ParsedArn {
  std::string partition, service, region, account_id, resource;
};

// Splits "arn:partition:service:region:account:resource". False when malformed.
bool parse_arn(std::string_view arn, ParsedArn& out);

}  // namespace streamlab
