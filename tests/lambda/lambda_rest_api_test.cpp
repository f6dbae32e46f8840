// The Lambda REST actions and the CloudWatch Logs JSON actions.
#include "emulator/lambda/lambda_rest_api.h"

#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/logs/logs_json_api.h"

namespace streamlab::lambda {
namespace {

using nlohmann::json;

class LambdaRestApiTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 2}};
  kinesis::KinesisService kinesis{scheduler, kinesis::KinesisOptions{}};
  logs::LogsService logs{scheduler};
  LambdaService lambda{scheduler, AwsIdentity{}, logs};
  esm::EventSourceMappings mappings{scheduler, AwsIdentity{}, lambda, &kinesis, nullptr};
  LambdaRestApi api{lambda, mappings};
  logs::LogsJsonApi logs_api{logs};

  void SetUp() override {
    lambda.register_handler("echo",
                            [](InvocationContext& context, json event) -> Task<HandlerResult> {
                              context.log("event " + event.dump());
                              if (event.value("fail", false))
                                co_return errors::make("Error", "asked to fail");
                              co_return event;
                            });
  }

  RestResponse call(const std::string& method, const std::string& path, const json& body = nullptr,
                    std::map<std::string, std::string> headers = {},
                    std::map<std::string, std::string> query = {}) {
    std::optional<RestResponse> out;
    api.handle(
        {method, path, std::move(query), std::move(headers), body.is_null() ? "" : body.dump()},
        [&](RestResponse response) { out = std::move(response); });
    scheduler.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(out.has_value()) << method << " " << path;
    return out.value_or(RestResponse{});
  }
  static json body(const RestResponse& response) {
    return json::parse(response.body.empty() ? "{}" : response.body);
  }
};

TEST_F(LambdaRestApiTest, FunctionsCreateGetListInvokeDelete) {
  auto created = call("POST", "/2015-03-31/functions",
                      json{{"FunctionName", "hello"},
                           {"Handler", "echo"},
                           {"Runtime", "nodejs18.x"},
                           {"Timeout", 10},
                           {"Environment", {{"Variables", {{"STAGE", "test"}}}}},
                           {"Code", {{"ZipFile", "UEsDBA=="}}}});
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(body(created)["FunctionArn"], "arn:aws:lambda:us-east-1:123456789012:function:hello");
  EXPECT_EQ(body(created)["Timeout"], 10);
  EXPECT_EQ(body(call("GET", "/2015-03-31/functions/hello"))["Configuration"]["Environment"]
                                                            ["Variables"]["STAGE"],
            "test");
  EXPECT_EQ(body(call("GET", "/2015-03-31/functions"))["Functions"].size(), 1u);

  auto invoked = call("POST", "/2015-03-31/functions/hello/invocations", json{{"x", 1}});
  EXPECT_EQ(invoked.status, 200);
  EXPECT_EQ(body(invoked), (json{{"x", 1}}));
  EXPECT_EQ(invoked.headers.count("X-Amz-Function-Error"), 0u);
  auto failed = call("POST", "/2015-03-31/functions/hello/invocations", json{{"fail", true}});
  EXPECT_EQ(failed.status, 200);
  EXPECT_EQ(failed.headers["X-Amz-Function-Error"], "Unhandled");
  EXPECT_EQ(body(failed)["errorMessage"], "asked to fail");
  EXPECT_EQ(call("POST", "/2015-03-31/functions/hello/invocations", json::object(),
                 {{"x-amz-invocation-type", "Event"}})
                .status,
            202);
  EXPECT_EQ(call("POST", "/2015-03-31/functions/hello/invocations", json::object(),
                 {{"x-amz-invocation-type", "DryRun"}})
                .status,
            204);

  auto missing = call("GET", "/2015-03-31/functions/ghost");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers["x-amzn-ErrorType"], "ResourceNotFoundException");
  EXPECT_EQ(body(missing)["Message"],
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost");
  EXPECT_EQ(call("POST", "/2015-03-31/functions", json{{"FunctionName", "x"}})
                .headers["x-amzn-ErrorType"],
            "InvalidParameterValueException");
  EXPECT_EQ(
      call("PUT", "/2015-03-31/functions/hello/configuration", json{{"MemorySize", 256}}).status,
      200);
  EXPECT_EQ(lambda.get_function("hello")->config.memory_mb, 256);
  EXPECT_EQ(call("DELETE", "/2015-03-31/functions/hello").status, 204);
  EXPECT_EQ(call("PATCH", "/2015-03-31/functions").status, 405);
  EXPECT_EQ(call("GET", "/2015-03-31/nothing").status, 404);
}

TEST_F(LambdaRestApiTest, EventSourceMappingsLifecycle) {
  ASSERT_TRUE(lambda.create_function({"consumer", "echo"}).is_ok());
  ASSERT_TRUE(kinesis.create_stream("core", 1).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  const std::string stream_arn = kinesis.identity().kinesis_stream_arn("core");
  auto rejected = call("POST", "/2015-03-31/event-source-mappings",
                       json{{"FunctionName", "consumer"},
                            {"EventSourceArn", stream_arn},
                            {"StartingPosition", "LATEST"},
                            {"TumblingWindowInSeconds", 60}});
  EXPECT_EQ(rejected.headers["x-amzn-ErrorType"], "InvalidParameterValueException");
  auto created = call("POST", "/2015-03-31/event-source-mappings",
                      json{{"FunctionName", "consumer"},
                           {"EventSourceArn", stream_arn},
                           {"StartingPosition", "TRIM_HORIZON"},
                           {"BatchSize", 10},
                           {"ParallelizationFactor", 2},
                           {"BisectBatchOnFunctionError", true},
                           {"FunctionResponseTypes", {"ReportBatchItemFailures"}},
                           {"DestinationConfig", {{"OnFailure", {{"Destination", stream_arn}}}}}});
  ASSERT_EQ(created.status, 202) << created.body;
  const std::string uuid = body(created)["UUID"];
  const json got = body(call("GET", "/2015-03-31/event-source-mappings/" + uuid));
  EXPECT_EQ(got["State"], "Enabled");
  EXPECT_EQ(got["BatchSize"], 10);
  EXPECT_EQ(got["ParallelizationFactor"], 2);
  EXPECT_EQ(got["FunctionResponseTypes"], json::array({"ReportBatchItemFailures"}));
  EXPECT_EQ(got["DestinationConfig"]["OnFailure"]["Destination"], stream_arn);
  EXPECT_EQ(got["FunctionArn"], "arn:aws:lambda:us-east-1:123456789012:function:consumer");
  EXPECT_EQ(body(call("GET", "/2015-03-31/event-source-mappings", nullptr, {},
                      {{"FunctionName", "consumer"}}))["EventSourceMappings"]
                .size(),
            1u);
  EXPECT_EQ(body(call("PUT", "/2015-03-31/event-source-mappings/" + uuid,
                      json{{"Enabled", false}}))["State"],
            "Updating");
  EXPECT_EQ(body(call("GET", "/2015-03-31/event-source-mappings/" + uuid))["State"], "Disabled");
  EXPECT_EQ(
      call("PUT", "/2015-03-31/event-source-mappings/" + uuid, json{{"StartingPosition", "LATEST"}})
          .headers["x-amzn-ErrorType"],
      "InvalidParameterValueException");
  EXPECT_EQ(body(call("DELETE", "/2015-03-31/event-source-mappings/" + uuid))["State"], "Deleting");
  EXPECT_EQ(call("GET", "/2015-03-31/event-source-mappings/" + uuid).status, 404);
}

TEST_F(LambdaRestApiTest, LogsJsonActionsReadTheFunctionLog) {
  ASSERT_TRUE(lambda.create_function({"hello", "echo"}).is_ok());
  call("POST", "/2015-03-31/functions/hello/invocations",
       json{{"greeting", "Hello, Lambda CLI World"}});
  auto reply = [&](const char* action, const json& request) {
    const auto response = logs_api.handle(std::string("Logs_20140328.") + action, request.dump());
    return json::parse(response.body);
  };
  const json groups = reply("DescribeLogGroups", json{{"logGroupNamePrefix", "/aws/lambda/"}});
  EXPECT_EQ(groups["logGroups"][0]["logGroupName"], "/aws/lambda/hello");
  const json streams = reply("DescribeLogStreams", json{{"logGroupName", "/aws/lambda/hello"},
                                                        {"orderBy", "LastEventTime"},
                                                        {"descending", true}});
  ASSERT_EQ(streams["logStreams"].size(), 1u);
  const json events =
      reply("GetLogEvents", json{{"logGroupName", "/aws/lambda/hello"},
                                 {"logStreamName", streams["logStreams"][0]["logStreamName"]},
                                 {"startFromHead", true}});
  ASSERT_EQ(events["events"].size(), 4u);
  EXPECT_EQ(events["events"][0]["message"].get<std::string>().rfind("START RequestId:", 0), 0u);
  const json found =
      reply("FilterLogEvents", json{{"logGroupName", "/aws/lambda/hello"},
                                    {"filterPattern", "\"Hello, Lambda CLI World\""}});
  EXPECT_EQ(found["events"].size(), 1u);
  EXPECT_EQ(reply("GetLogEvents",
                  json{{"logGroupName", "/aws/lambda/none"}, {"logStreamName", "x"}})["__type"],
            "ResourceNotFoundException");
  EXPECT_EQ(reply("GetLogEvents", json{{"logGroupName", "/aws/lambda/hello"}})["__type"],
            "ValidationException");
}

}  // namespace
}  // namespace streamlab::lambda
