// Internal: the Kinesis and DynamoDB-stream record sources.
#pragma once

#include <memory>

#include "emulator/core/aws_identity.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/mapping_config.h"
#include "emulator/lambda/esm/record_source.h"

namespace streamlab::lambda::esm {

// Reads one Kinesis shard from `start` (an iterator type with its argument).
std::unique_ptr<RecordSource> make_kinesis_source(kinesis::KinesisService& kinesis,
                                                  std::string stream_name, std::string stream_arn,
                                                  std::string shard_id, kinesis::IteratorType start,
                                                  std::optional<TimePoint> timestamp,
                                                  std::string role_arn, std::string region);

// Reads a DynamoDB stream (one shard in streamlab).
std::unique_ptr<RecordSource> make_dynamodb_source(dynamodb::DynamoDbService& dynamodb,
                                                   std::string stream_arn, StartingPosition start,
                                                   std::optional<TimePoint> timestamp,
                                                   std::string region);

}  // namespace streamlab::lambda::esm
