// Lambda functions: native C++ handlers registered by name, invoked on the
// scheduler with AWS's lifecycle (execution environments, timeouts on the
// virtual clock, START/END/REPORT log lines in /aws/lambda/<name>).
//
// A handler is a coroutine: it receives the event (see event.h) and an
// InvocationContext, awaits emulator calls through the context (so their
// effects interleave with other tasks as on AWS), and returns a JSON result or
// an error (errorType, errorMessage). The Handler type is the seam where an
// out-of-process runtime can be plugged in later.
//
// Thread-safety: none; call it on the scheduler's thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/aws_identity.h"
#include "emulator/core/occurrences.h"
#include "emulator/core/status.h"
#include "emulator/core/task.h"
#include "emulator/lambda/event.h"
#include "emulator/logs/logs_service.h"

namespace streamlab::kinesis {
class KinesisService;
}
namespace streamlab::dynamodb {
class DynamoDbService;
}

namespace streamlab::push {
class PushTransport;
}

namespace streamlab::lambda {

class LambdaService;

// The emulated services a handler may call.
struct Services {
  kinesis::KinesisService* kinesis = nullptr;
  dynamodb::DynamoDbService* dynamodb = nullptr;
  logs::LogsService* logs = nullptr;
  LambdaService* lambda = nullptr;
  push::PushTransport* push = nullptr;  // HTTP to push subscribers (sockets or in-process)
  // Where functions note the interesting cases they go through (the
  // harness's "sometimes" counts); null when no one counts them.
  Occurrences* occurrences = nullptr;
};

// A crash injected into a function (the harness's "function fails" faults).
// The failing invocation ends with errorType "InjectedFault"; the mapping then
// retries the batch as it would after any crash. Each fault fires `times`
// times, then is spent.
struct FunctionFault {
  // Fail once this many records were processed within one invocation (the
  // function's effects for them are done). 0: not this kind.
  std::size_t after_records = 0;
  // Fail just before processing a record whose data contains this text. "": not this kind.
  std::string on_record_containing;
  int times = 1;
};

struct FunctionConfig {
  std::string name;
  std::string handler;  // a registered handler name ("fanout", "winner-ordered", …)
  std::map<std::string, std::string> environment;
  Duration timeout = std::chrono::seconds(3);
  int memory_mb = 128;
  std::optional<int> reserved_concurrency;
  std::string role;  // defaults to arn:aws:iam::<account>:role/<name>-role
};

class InvocationContext {
 public:
  const std::string& function_name() const { return function_name_; }
  const std::string& function_arn() const { return function_arn_; }
  const std::string& request_id() const { return request_id_; }
  const std::map<std::string, std::string>& environment() const { return *environment_; }
  Duration remaining_time() const { return deadline_ - scheduler_.now(); }
  Scheduler& scheduler() { return scheduler_; }
  Services& services() { return services_; }
  const Liveness& liveness() const { return liveness_; }
  // The execution environment running this invocation (its log stream name).
  // State a real function keeps in module variables (caches) is per environment.
  const std::string& environment_id() const { return log_stream_; }

  // Fault points (see FunctionFault). A function calls before_record() with
  // a record's data before it acts on it and records_done(n) after acting on
  // n more; a non-OK status is an injected crash the function returns as is.
  Status before_record(std::string_view data);
  Status records_done(std::size_t count = 1);
  // Whether a fault with a record text is still to fire: only then does a
  // function need to keep each record's data for before_record().
  bool record_faults_armed() const;

  // Notes an interesting case (see Occurrences) when someone counts them.
  void note_occurrence(std::string_view name, std::uint64_t times = 1) {
    if (services_.occurrences) services_.occurrences->note(name, times);
  }

  // A line in the function's log: "<time>\t<request id>\tINFO\t<message>".
  void log(std::string_view message);

  // Awaitable service call: runs `fn` at a seeded instant within the call's
  // latency (operation names like "dynamodb.UpdateItem" select the latency;
  // a string literal, as for streamlab::call).
  template <typename Fn>
  auto call(const char* operation, Fn&& fn) {
    return streamlab::call(scheduler_, operation, std::forward<Fn>(fn), liveness_);
  }
  auto wait(Duration delay) {
    return wait_for(scheduler_, delay, function_name_ + " wait", liveness_);
  }

 private:
  friend class LambdaService;
  InvocationContext(Scheduler& scheduler, Services services)
      : scheduler_(scheduler), services_(services) {}

  Scheduler& scheduler_;
  Services services_;
  std::string function_name_, function_arn_, request_id_;
  const std::map<std::string, std::string>* environment_ = nullptr;
  TimePoint deadline_;
  Liveness liveness_;
  logs::LogsService* logs_ = nullptr;
  std::string log_group_, log_stream_;
  std::vector<FunctionFault>* faults_ = nullptr;
  std::size_t records_processed_ = 0;
};

using HandlerResult = Result<nlohmann::json>;
using Handler = std::function<Task<HandlerResult>(InvocationContext& context, Event event)>;

struct InvokeResult {
  std::string request_id;
  nlohmann::json payload;  // the result, or {"errorType", "errorMessage"} on a function error
  std::optional<std::string> function_error;  // "Unhandled" when the function failed or timed out
  bool timed_out = false;
};

struct FunctionDescription {
  FunctionConfig config;
  std::string arn;
};

class LambdaService {
 public:
  LambdaService(Scheduler& scheduler, AwsIdentity identity, logs::LogsService& logs);
  ~LambdaService();
  LambdaService(const LambdaService&) = delete;
  LambdaService& operator=(const LambdaService&) = delete;

  // The services handlers may call (set once the others exist).
  void set_services(Services services);
  void register_handler(std::string name, Handler handler);

  Result<FunctionDescription> create_function(FunctionConfig config);
  Result<FunctionDescription> update_function(
      FunctionConfig config);  // same name; replaces the configuration
  Result<FunctionDescription> get_function(std::string_view name) const;
  Status delete_function(std::string_view name);
  std::vector<std::string> list_functions() const;
  // Resolves a function name or ARN.
  Result<std::string> function_name_from(std::string_view name_or_arn) const;

  // RequestResponse: `done` runs on the scheduler with the result. Errors of
  // the call itself (unknown function, throttled) are the Result's error; a
  // failing or timed-out function is an InvokeResult with function_error set.
  void invoke(std::string_view name, Event event, std::function<void(Result<InvokeResult>)> done);
  // The same as an awaitable, for handlers and mappings written as coroutines.
  Task<Result<InvokeResult>> invoke_async_task(std::string name, nlohmann::json event);
  // Event invocation: queued; a failure is retried twice (after 1 and 2 minutes) as on AWS.
  Status invoke_event(std::string_view name, nlohmann::json event);

  std::string log_group(std::string_view function_name) const {
    return "/aws/lambda/" + std::string(function_name);
  }
  std::size_t busy_environments(std::string_view name) const;
  // Injects a crash into a function's future invocations (see FunctionFault).
  Status add_fault(std::string_view function_name, FunctionFault fault);

 private:
  struct Environment {
    std::string log_stream;
    bool busy = false;
  };
  struct Function {
    FunctionConfig config;
    std::string arn;
    std::vector<Environment> environments;
    std::vector<FunctionFault> faults;
  };

  void run(Function& function, std::size_t environment, Event event,
           std::function<void(Result<InvokeResult>)> done);
  void invoke_event_attempt(const std::string& name, nlohmann::json event, int attempt);

  Scheduler& scheduler_;
  AwsIdentity identity_;
  logs::LogsService& logs_;
  Services services_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::map<std::string, std::unique_ptr<Function>, std::less<>> functions_;
  std::size_t account_concurrency_ = 1000;
  TaskGroup tasks_;  // declared last: destroyed first, while everything above still exists
};

}  // namespace streamlab::lambda
