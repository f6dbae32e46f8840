// The functions under test (../shared/functions.md), as native handlers.
// register_functions() adds every one that exists to a LambdaService under
// its handler name.
#pragma once

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/lambda/lambda_service.h"

namespace streamlab::functions {

// "event-logger": logs the UTF-8 decoding of each Kinesis record's data, one
// line per record (the tutorial function; batch size 1, LATEST).
lambda::Handler event_logger();

// "fanout" (aws-lambda-fanout with the hello-retail ingress→egress change).
// Options, from the function's environment (original behaviour by default):
//   TARGETS_TABLE           targets table (default "<function name>Targets")
//   CONFIG_REFRESH_SECONDS  target cache lifetime, per execution environment (300)
//   PARTIAL_FAILURES        ignore | resend-failed | resend-in-order   (ignore)
//   PAGINATE_TARGETS        exclusive-start-key | last-evaluated-key   (exclusive-start-key:
//                           the original reads only the first page of targets)
//   COLLAPSE_VALIDATION     original | lenient  (original: a row whose collapse is
//                           not a string — missing means the boolean default — is skipped)
lambda::Handler fanout();

// The tables "fanout" reads: <name>Targets, hash sourceArn, range id.
Status create_fanout_targets_table(dynamodb::DynamoDbService& db, const std::string& function_name);

// "winner-ordered" (the lesson that assumes an order guarantee): Contributions
// and Scores with the `lastEventId < :eventId` condition. Options:
//   CONTRIBUTIONS_TABLE (Contributions), SCORES_TABLE (Scores).
lambda::Handler winner_ordered();

// Contributions (hash productId; GSIs ProductsByCreator, ProductsByPhotographer)
// and Scores (hash userId, range role; GSI ScoresByRole on role + score).
Status create_winner_ordered_tables(dynamodb::DynamoDbService& db);

// "winner-tolerant" (the lesson for parallel delivery): an Events table logs
// each purchase; a late registration credits the purchases after it.
// Options: CONTRIBUTIONS_TABLE (Contributions), EVENTS_TABLE (Events), SCORES_TABLE (Scores).
lambda::Handler winner_tolerant();

// Contributions (hash productId), Events (hash productId, range eventId; GSIs
// EventsByCreator, EventsByPhotographer, KEYS_ONLY) and Scores. Table names
// may be prefixed so both winners can share one emulator.
Status create_winner_tolerant_tables(dynamodb::DynamoDbService& db, const std::string& prefix = "");

// "http-forwarder" (the HTTP push consumer's server side): POSTs each
// record, in order, to every subscriber of its channel (the event type) at
// <url>/events; a failed or slow subscriber fails the invocation. Options:
//   SUBSCRIBERS_TABLE  (default "<function name>Subscribers")
//   TIMEOUT_MS         per POST (2000)
lambda::Handler http_forwarder();

// <name>Subscribers: hash channel, range url (the subscriber's base URL).
Status create_push_subscribers_table(dynamodb::DynamoDbService& db,
                                     const std::string& function_name);
Status register_push_subscriber(dynamodb::DynamoDbService& db, const std::string& function_name,
                                const std::string& channel, const std::string& url);

// "idempotent-consumer": applies one effect per new item version from a
// DynamoDB stream (see idempotent_writer.h for the writer and its options).
lambda::Handler idempotent_consumer();

void register_functions(lambda::LambdaService& lambda);

}  // namespace streamlab::functions
