#include "emulator/lambda/lambda_service.h"

#include <algorithm>
#include <cstdio>

#include "emulator/core/ids.h"

namespace streamlab::lambda {
namespace {

std::string hex32(SeededRandom& random) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(random.next_u64()),
                static_cast<unsigned long long>(random.next_u64()));
  return buf;
}

std::string seconds_text(Duration duration) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(duration.count()) / 1e6);
  return buf;
}

std::string millis_text(Duration duration) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(duration.count()) / 1e3);
  return buf;
}

bool valid_function_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void InvocationContext::log(std::string_view message) {
  if (!alive(liveness_)) return;
  logs_->put(log_group_, log_stream_,
             format_iso8601_millis(scheduler_.now()) + "\t" + request_id_ + "\tINFO\t" +
                 std::string(message));
}

Status InvocationContext::before_record(std::string_view data) {
  if (!faults_) return Status::ok();
  for (auto& fault : *faults_) {
    if (fault.times <= 0 || fault.on_record_containing.empty() ||
        data.find(fault.on_record_containing) == std::string_view::npos)
      continue;
    --fault.times;
    return errors::make("InjectedFault", "injected crash before a record containing \"" +
                                             fault.on_record_containing + "\"");
  }
  return Status::ok();
}

bool InvocationContext::record_faults_armed() const {
  if (!faults_) return false;
  for (const auto& fault : *faults_) {
    if (fault.times > 0 && !fault.on_record_containing.empty()) return true;
  }
  return false;
}

Status InvocationContext::records_done(std::size_t count) {
  const std::size_t before = records_processed_;
  records_processed_ += count;
  if (!faults_) return Status::ok();
  for (auto& fault : *faults_) {
    if (fault.times <= 0 || fault.after_records == 0 || before >= fault.after_records ||
        records_processed_ < fault.after_records)
      continue;
    --fault.times;
    return errors::make("InjectedFault",
                        "injected crash after " + std::to_string(records_processed_) + " records");
  }
  return Status::ok();
}

LambdaService::LambdaService(Scheduler& scheduler, AwsIdentity identity, logs::LogsService& logs)
    : scheduler_(scheduler), identity_(std::move(identity)), logs_(logs) {
  services_.logs = &logs_;
  services_.lambda = this;
}

LambdaService::~LambdaService() = default;

void LambdaService::set_services(Services services) {
  services_ = services;
  services_.logs = &logs_;
  services_.lambda = this;
}

void LambdaService::register_handler(std::string name, Handler handler) {
  handlers_[std::move(name)] = std::move(handler);
}

Result<FunctionDescription> LambdaService::create_function(FunctionConfig config) {
  if (!valid_function_name(config.name)) {
    return errors::make("InvalidParameterValueException",
                        "1 validation error detected: Value '" + config.name +
                            "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                            "regular expression "
                            "pattern: [a-zA-Z0-9-_]+ and have length 1 to 64");
  }
  if (functions_.count(config.name) != 0) {
    return errors::make("ResourceConflictException", "Function already exist: " + config.name, 409);
  }
  return update_function(std::move(config));
}

Result<FunctionDescription> LambdaService::update_function(FunctionConfig config) {
  if (handlers_.count(config.handler) == 0) {
    std::string known;
    for (const auto& [name, handler] : handlers_) known += (known.empty() ? "" : ", ") + name;
    return errors::make(
        "InvalidParameterValueException",
        "Handler '" + config.handler + "' is not a streamlab handler; known handlers: " + known);
  }
  if (config.timeout < std::chrono::seconds(1) || config.timeout > std::chrono::seconds(900)) {
    return errors::make("InvalidParameterValueException",
                        "Timeout must be between 1 and 900 seconds");
  }
  if (config.memory_mb < 128 || config.memory_mb > 10240) {
    return errors::make("InvalidParameterValueException",
                        "MemorySize must be between 128 and 10240 MB");
  }
  if (config.reserved_concurrency && *config.reserved_concurrency < 0) {
    return errors::make("InvalidParameterValueException",
                        "ReservedConcurrentExecutions must be at least 0");
  }
  if (config.role.empty()) config.role = identity_.iam_role_arn(config.name + "-role");
  auto& function = functions_[config.name];
  if (!function) function = std::make_unique<Function>();
  function->arn = identity_.lambda_function_arn(config.name);
  function->config = std::move(config);
  return FunctionDescription{function->config, function->arn};
}

Result<FunctionDescription> LambdaService::get_function(std::string_view name) const {
  STREAMLAB_ASSIGN_OR_RETURN(std::string resolved, function_name_from(name));
  const Function& function = *functions_.find(resolved)->second;
  return FunctionDescription{function.config, function.arn};
}

Status LambdaService::delete_function(std::string_view name) {
  STREAMLAB_ASSIGN_OR_RETURN(std::string resolved, function_name_from(name));
  functions_.erase(resolved);
  return Status::ok();
}

std::vector<std::string> LambdaService::list_functions() const {
  std::vector<std::string> names;
  for (const auto& [name, function] : functions_) names.push_back(name);
  return names;
}

Result<std::string> LambdaService::function_name_from(std::string_view name_or_arn) const {
  std::string name(name_or_arn);
  ParsedArn arn;
  if (parse_arn(name_or_arn, arn)) {
    const std::string prefix = "function:";
    name = arn.resource.rfind(prefix, 0) == 0 ? arn.resource.substr(prefix.size()) : arn.resource;
  }
  if (functions_.count(name) == 0) {
    return errors::resource_not_found("Function not found: " + identity_.lambda_function_arn(name));
  }
  return name;
}

std::size_t LambdaService::busy_environments(std::string_view name) const {
  auto it = functions_.find(name);
  if (it == functions_.end()) return 0;
  std::size_t busy = 0;
  for (const auto& environment : it->second->environments) busy += environment.busy ? 1 : 0;
  return busy;
}

Status LambdaService::add_fault(std::string_view function_name, FunctionFault fault) {
  auto it = functions_.find(function_name);
  if (it == functions_.end()) {
    return errors::resource_not_found("Function not found: " +
                                      identity_.lambda_function_arn(function_name));
  }
  if (fault.after_records == 0 && fault.on_record_containing.empty()) {
    return errors::make("InvalidParameterValueException",
                        "a fault needs after_records > 0 or on_record_containing", 400);
  }
  it->second->faults.push_back(std::move(fault));
  return Status::ok();
}

void LambdaService::invoke(std::string_view name, Event event,
                           std::function<void(Result<InvokeResult>)> done) {
  auto fail = [this, &done](AwsError error) {
    scheduler_.post("lambda invoke error",
                    [done = std::move(done), error = std::move(error)] { done(error); });
  };
  auto resolved = function_name_from(name);
  if (!resolved.is_ok()) return fail(resolved.error());
  Function& function = *functions_.find(*resolved)->second;
  std::size_t busy_total = 0;
  for (const auto& [other_name, other] : functions_) {
    for (const auto& environment : other->environments) busy_total += environment.busy ? 1 : 0;
  }
  const std::size_t busy = busy_environments(*resolved);
  if ((function.config.reserved_concurrency &&
       busy >= static_cast<std::size_t>(*function.config.reserved_concurrency)) ||
      busy_total >= account_concurrency_) {
    return fail(errors::make("TooManyRequestsException", "Rate Exceeded.", 429));
  }
  // Reuse an idle execution environment, or start a new one (a cold start,
  // with its own log stream).
  std::size_t chosen = function.environments.size();
  for (std::size_t i = 0; i < function.environments.size(); ++i) {
    if (!function.environments[i].busy && !function.environments[i].log_stream.empty()) {
      chosen = i;
      break;
    }
  }
  if (chosen == function.environments.size()) {
    std::string date = format_iso8601_millis(scheduler_.now()).substr(0, 10);
    for (char& c : date) c = c == '-' ? '/' : c;
    function.environments.push_back({date + "/[$LATEST]" + hex32(scheduler_.random()), false});
  }
  run(function, chosen, std::move(event), std::move(done));
}

void LambdaService::run(Function& function, std::size_t environment, Event event,
                        std::function<void(Result<InvokeResult>)> done) {
  function.environments[environment].busy = true;
  auto context = std::shared_ptr<InvocationContext>(new InvocationContext(scheduler_, services_));
  context->function_name_ = function.config.name;
  context->function_arn_ = function.arn;
  context->request_id_ = make_uuid(scheduler_.random());
  context->environment_ = &function.config.environment;
  context->deadline_ = scheduler_.now() + function.config.timeout;
  context->liveness_ = make_liveness();
  context->logs_ = &logs_;
  context->log_group_ = log_group(function.config.name);
  context->log_stream_ = function.environments[environment].log_stream;
  context->faults_ = &function.faults;
  const std::string request_id = context->request_id_;
  logs_.put(context->log_group_, context->log_stream_,
            "START RequestId: " + request_id + " Version: $LATEST");
  if (scheduler_.tracing()) scheduler_.note("invoke " + function.config.name + " " + request_id);

  struct State {
    bool finished = false;
    TaskId timer = 0;
    TimePoint started;
  };
  auto state = std::make_shared<State>();
  state->started = scheduler_.now();
  auto shared_done = std::make_shared<std::function<void(Result<InvokeResult>)>>(std::move(done));
  const std::string name = function.config.name;
  const int memory = function.config.memory_mb;
  auto finish = [this, name, environment, context, memory](Duration duration,
                                                           bool kill_environment) {
    logs_.put(context->log_group_, context->log_stream_, "END RequestId: " + context->request_id_);
    const auto billed =
        std::max<std::int64_t>(1, (duration.count() + 999) / 1000);  // AWS bills at least 1 ms
    logs_.put(context->log_group_, context->log_stream_,
              "REPORT RequestId: " + context->request_id_ + "\tDuration: " + millis_text(duration) +
                  " ms\tBilled Duration: " + std::to_string(billed) +
                  " ms\tMemory Size: " + std::to_string(memory) +
                  " MB\tMax Memory Used: " + std::to_string(memory) + " MB");
    auto it = functions_.find(name);
    if (it != functions_.end() && environment < it->second->environments.size()) {
      auto& env = it->second->environments[environment];
      env.busy = false;
      if (kill_environment)
        env.log_stream.clear();  // never reused: the next invocation is a cold start
    }
  };

  const Duration timeout = function.config.timeout;
  state->timer = scheduler_.schedule_at(
      context->deadline_, "lambda timeout " + name,
      [this, state, context, finish, shared_done, timeout] {
        if (state->finished) return;
        state->finished = true;
        *context->liveness_ = false;  // the handler is frozen mid-flight, as AWS kills it
        const std::string message = "Task timed out after " + seconds_text(timeout) + " seconds";
        logs_.put(
            context->log_group_, context->log_stream_,
            format_iso8601_millis(scheduler_.now()) + " " + context->request_id_ + " " + message);
        finish(timeout, true);
        InvokeResult result{context->request_id_,
                            {{"errorMessage", message}, {"errorType", "Sandbox.Timedout"}},
                            "Unhandled",
                            true};
        (*shared_done)(std::move(result));
      });

  const Handler& handler = handlers_.at(function.config.handler);
  tasks_.spawn(handler(*context, std::move(event)), [this, state, context, finish,
                                                     shared_done](HandlerResult result) {
    if (state->finished) return;
    state->finished = true;
    scheduler_.cancel(state->timer);
    InvokeResult out{context->request_id_, nullptr, std::nullopt, false};
    if (result.is_ok()) {
      out.payload = std::move(*result);
    } else {
      out.payload = {{"errorType", result.error().type}, {"errorMessage", result.error().message}};
      out.function_error = "Unhandled";
      logs_.put(context->log_group_, context->log_stream_,
                format_iso8601_millis(scheduler_.now()) + "\t" + context->request_id_ +
                    "\tERROR\tInvoke Error \t" + out.payload.dump());
    }
    finish(scheduler_.now() - state->started, false);
    (*shared_done)(std::move(out));
  });
}

namespace {

// Resumes the awaiting coroutine in a scheduler step of its own, not deep
// inside the callee's completion.
struct InvokeAwaiter {
  LambdaService& lambda;
  Scheduler& scheduler;
  std::string name;
  nlohmann::json event;
  std::optional<Result<InvokeResult>> result;

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    lambda.invoke(name, std::move(event), [this, handle](Result<InvokeResult> out) {
      result.emplace(std::move(out));
      scheduler.post("lambda invoke reply", [handle] { handle.resume(); });
    });
  }
  Result<InvokeResult> await_resume() { return std::move(*result); }
};

}  // namespace

Task<Result<InvokeResult>> LambdaService::invoke_async_task(std::string name,
                                                            nlohmann::json event) {
  // A named awaiter: GCC 12 mishandles temporaries in `co_return co_await`.
  InvokeAwaiter awaiter{*this, scheduler_, std::move(name), std::move(event), std::nullopt};
  Result<InvokeResult> result = co_await awaiter;
  co_return result;
}

Status LambdaService::invoke_event(std::string_view name, nlohmann::json event) {
  STREAMLAB_ASSIGN_OR_RETURN(std::string resolved, function_name_from(name));
  scheduler_.post("lambda event " + resolved, [this, resolved, event = std::move(event)]() mutable {
    invoke_event_attempt(resolved, std::move(event), 0);
  });
  return Status::ok();
}

// Asynchronous invocation: AWS retries a failed event twice, after about one
// and then two minutes (Lambda developer guide, "Asynchronous invocation").
void LambdaService::invoke_event_attempt(const std::string& name, nlohmann::json event,
                                         int attempt) {
  nlohmann::json copy = event;
  invoke(name, std::move(copy),
         [this, name, event = std::move(event), attempt](Result<InvokeResult> result) mutable {
           const bool failed = !result.is_ok() || result->function_error.has_value();
           if (!failed || attempt >= 2) return;
           scheduler_.schedule_after(std::chrono::minutes(attempt + 1),
                                     "lambda event retry " + name,
                                     [this, name, event = std::move(event), attempt]() mutable {
                                       invoke_event_attempt(name, std::move(event), attempt + 1);
                                     });
         });
}

}  // namespace streamlab::lambda
