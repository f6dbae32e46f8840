// Lambda functions on the simulated scheduler (Lambda developer guide:
// "Lambda execution environment", "Asynchronous invocation", "Monitoring").
#include "emulator/lambda/lambda_service.h"

#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"

namespace streamlab::lambda {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class LambdaServiceTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  logs::LogsService logs{scheduler};
  LambdaService lambda{scheduler, AwsIdentity{}, logs};
  int calls = 0;
  int side_effects = 0;

  void SetUp() override {
    lambda.register_handler(
        "echo", [this](InvocationContext& context, json event) -> Task<HandlerResult> {
          ++calls;
          context.log("got " + event.dump());
          co_return json{{"echo", event}, {"function", context.function_name()}};
        });
    lambda.register_handler("fail", [this](InvocationContext&, json) -> Task<HandlerResult> {
      ++calls;
      co_return errors::make("Error", "boom");
    });
    lambda.register_handler("slow",
                            [this](InvocationContext& context, json event) -> Task<HandlerResult> {
                              ++calls;
                              auto pause = context.wait(milliseconds(event.value("sleep_ms", 0)));
                              co_await pause;
                              ++side_effects;
                              co_return json{{"done", true}};
                            });
  }

  Result<InvokeResult> invoke_and_wait(const std::string& name, json event) {
    std::optional<Result<InvokeResult>> out;
    lambda.invoke(name, std::move(event),
                  [&](Result<InvokeResult> result) { out.emplace(std::move(result)); });
    scheduler.run_until_idle();
    EXPECT_TRUE(out.has_value());
    return std::move(*out);
  }

  std::vector<std::string> log_lines(const std::string& function) {
    std::vector<std::string> lines;
    auto events = logs.filter_log_events("/aws/lambda/" + function, "");
    if (events.is_ok()) {
      for (const auto& event : *events) lines.push_back(event.event.message);
    }
    return lines;
  }
};

TEST_F(LambdaServiceTest, InvokeReturnsTheResultAndLogsLikeAws) {
  ASSERT_TRUE(lambda.create_function({"hello", "echo"}).is_ok());
  auto result = invoke_and_wait("hello", json{{"k", 1}});
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result->payload, (json{{"echo", {{"k", 1}}}, {"function", "hello"}}));
  EXPECT_FALSE(result->function_error);
  const auto lines = log_lines("hello");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "START RequestId: " + result->request_id + " Version: $LATEST");
  EXPECT_NE(lines[1].find("\t" + result->request_id + "\tINFO\tgot {\"k\":1}"), std::string::npos);
  EXPECT_EQ(lines[2], "END RequestId: " + result->request_id);
  EXPECT_EQ(lines[3].rfind("REPORT RequestId: " + result->request_id + "\tDuration: ", 0), 0u);
  EXPECT_NE(lines[3].find("Memory Size: 128 MB"), std::string::npos);
  const auto streams = logs.describe_log_streams("/aws/lambda/hello");
  ASSERT_EQ(streams->size(), 1u);
  EXPECT_EQ(streams->at(0).name.rfind("2017/03/28/[$LATEST]", 0), 0u);
}

TEST_F(LambdaServiceTest, FunctionErrorsAreUnhandledWithErrorPayload) {
  ASSERT_TRUE(lambda.create_function({"broken", "fail"}).is_ok());
  auto result = invoke_and_wait("broken", json::object());
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result->function_error, "Unhandled");
  EXPECT_EQ(result->payload, (json{{"errorType", "Error"}, {"errorMessage", "boom"}}));
  EXPECT_EQ(logs.filter_log_events("/aws/lambda/broken", "ERROR \"Invoke Error\"")->size(), 1u);
}

TEST_F(LambdaServiceTest, TimeoutsOnTheVirtualClockFreezeTheHandler) {
  FunctionConfig config{"sleepy", "slow"};
  config.timeout = seconds(3);
  ASSERT_TRUE(lambda.create_function(config).is_ok());
  const TimePoint start = scheduler.now();
  auto result = invoke_and_wait("sleepy", json{{"sleep_ms", 5000}});
  ASSERT_TRUE(result.is_ok());
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->function_error, "Unhandled");
  EXPECT_EQ(result->payload["errorMessage"], "Task timed out after 3.00 seconds");
  EXPECT_EQ(side_effects, 0);  // the rest of the handler never ran
  EXPECT_GE(scheduler.now() - start, seconds(3));
  EXPECT_EQ(
      logs.filter_log_events("/aws/lambda/sleepy", "\"Task timed out after 3.00 seconds\"")->size(),
      1u);
  // A timed-out environment is not reused: the next call is a cold start with a new stream.
  ASSERT_TRUE(invoke_and_wait("sleepy", json{{"sleep_ms", 10}})->payload["done"].get<bool>());
  EXPECT_EQ(logs.describe_log_streams("/aws/lambda/sleepy")->size(), 2u);
}

TEST_F(LambdaServiceTest, EnvironmentsAreReusedSequentiallyAndAddedForConcurrency) {
  ASSERT_TRUE(lambda.create_function({"worker", "slow"}).is_ok());
  ASSERT_TRUE(invoke_and_wait("worker", json{{"sleep_ms", 10}}).is_ok());
  ASSERT_TRUE(invoke_and_wait("worker", json{{"sleep_ms", 10}}).is_ok());
  EXPECT_EQ(logs.describe_log_streams("/aws/lambda/worker")->size(), 1u);
  int finished = 0;
  for (int i = 0; i < 3; ++i) {
    lambda.invoke("worker", json{{"sleep_ms", 100}},
                  [&](Result<InvokeResult> r) { finished += r.is_ok(); });
  }
  EXPECT_EQ(lambda.busy_environments("worker"), 3u);
  scheduler.run_until_idle();
  EXPECT_EQ(finished, 3);
  EXPECT_EQ(logs.describe_log_streams("/aws/lambda/worker")->size(), 3u);
}

TEST_F(LambdaServiceTest, ReservedConcurrencyThrottles) {
  FunctionConfig config{"single", "slow"};
  config.reserved_concurrency = 1;
  ASSERT_TRUE(lambda.create_function(config).is_ok());
  std::vector<std::string> outcomes;
  for (int i = 0; i < 2; ++i) {
    lambda.invoke("single", json{{"sleep_ms", 100}}, [&](Result<InvokeResult> r) {
      outcomes.push_back(r.is_ok() ? "ok" : r.error().type);
    });
  }
  scheduler.run_until_idle();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "TooManyRequestsException"), 1);
}

TEST_F(LambdaServiceTest, UnknownFunctionsAndHandlersAreErrors) {
  EXPECT_EQ(invoke_and_wait("ghost", json::object()).error().message,
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost");
  EXPECT_EQ(lambda.create_function({"x", "no-such-handler"}).error().type,
            "InvalidParameterValueException");
  EXPECT_EQ(lambda.create_function({"bad name!", "echo"}).error().type,
            "InvalidParameterValueException");
  ASSERT_TRUE(lambda.create_function({"dup", "echo"}).is_ok());
  EXPECT_EQ(lambda.create_function({"dup", "echo"}).error().type, "ResourceConflictException");
  EXPECT_TRUE(
      lambda.function_name_from("arn:aws:lambda:us-east-1:123456789012:function:dup").is_ok());
}

TEST_F(LambdaServiceTest, EventInvocationRetriesTwiceAfterOneAndTwoMinutes) {
  ASSERT_TRUE(lambda.create_function({"broken", "fail"}).is_ok());
  const TimePoint start = scheduler.now();
  ASSERT_TRUE(lambda.invoke_event("broken", json::object()).is_ok());
  scheduler.run_until_idle();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(scheduler.now() - start, std::chrono::minutes(3));
}

TEST_F(LambdaServiceTest, HandlersCanAwaitOtherInvocations) {
  ASSERT_TRUE(lambda.create_function({"inner", "echo"}).is_ok());
  lambda.register_handler("outer", [this](InvocationContext&, json event) -> Task<HandlerResult> {
    auto invocation = lambda.invoke_async_task("inner", std::move(event));
    auto inner = co_await invocation;
    if (!inner.is_ok()) co_return inner.error();
    co_return inner->payload;
  });
  ASSERT_TRUE(lambda.create_function({"outer", "outer"}).is_ok());
  EXPECT_EQ(invoke_and_wait("outer", json{{"x", 2}})->payload["echo"]["x"], 2);
}

TEST(LogsServiceTest, StreamsEventsAndFilterPatterns) {
  SimulatedScheduler scheduler({.seed = 1});
  logs::LogsService logs(scheduler);
  logs.put("/g", "b-stream", "ERROR something failed");
  scheduler.run_for(seconds(1));
  logs.put("/g", "a-stream", "INFO all good");
  logs.put("/g", "a-stream", "ERROR \"Task timed out\" here");
  EXPECT_EQ(logs.describe_log_streams("/g")->front().name, "a-stream");
  EXPECT_EQ(logs.describe_log_streams("/g", "b")->size(), 1u);
  EXPECT_EQ(logs.get_log_events("/g", "a-stream")->size(), 2u);
  EXPECT_EQ(logs.filter_log_events("/g", "ERROR")->size(), 2u);
  EXPECT_EQ(logs.filter_log_events("/g", "ERROR \"Task timed out\"")->size(), 1u);
  EXPECT_EQ(logs.filter_log_events("/g", "ERROR", {"b-stream"})->front().log_stream_name,
            "b-stream");
  EXPECT_EQ(logs.describe_log_streams("/missing").error().type, "ResourceNotFoundException");
  EXPECT_EQ(logs::filter_terms("a \"b c\" d"), (std::vector<std::string>{"a", "b c", "d"}));
}

}  // namespace
}  // namespace streamlab::lambda
