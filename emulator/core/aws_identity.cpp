#include "emulator/core/aws_identity.h"

namespace streamlab {
namespace {
std::string arn(std::string_view service, std::string_view region, std::string_view account,
                std::string_view resource) {
  std::string out = "arn:aws:";
  out.append(service).append(":").append(region).append(":").append(account).append(":");
  out.append(resource);
  return out;
}
}  // namespace

std::string AwsIdentity::kinesis_stream_arn(std::string_view stream_name) const {
  return arn("kinesis", region, account_id, std::string("stream/").append(stream_name));
}

std::string AwsIdentity::dynamodb_table_arn(std::string_view table_name) const {
  return arn("dynamodb", region, account_id, std::string("table/").append(table_name));
}

std::string AwsIdentity::dynamodb_stream_arn(std::string_view table_name,
                                             std::string_view label) const {
  return dynamodb_table_arn(table_name).append("/stream/").append(label);
}

std::string AwsIdentity::lambda_function_arn(std::string_view function_name) const {
  return arn("lambda", region, account_id, std::string("function:").append(function_name));
}

std::string AwsIdentity::iam_role_arn(std::string_view role_name) const {
  return arn("iam", "", account_id, std::string("role/").append(role_name));
}

bool parse_arn(std::string_view text, ParsedArn& out) {
  std::string_view parts[5];
  for (auto& part : parts) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return false;
    part = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  if (parts[0] != "arn" || parts[1].empty() || parts[2].empty() || text.empty()) return false;
  out = ParsedArn{std::string(parts[1]), std::string(parts[2]), std::string(parts[3]),
                  std::string(parts[4]), std::string(text)};
  return true;
}

}  // namespace streamlab
