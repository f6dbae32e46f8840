// Coroutines on the scheduler: how handlers await emulator calls.
//
// Task<T> is a lazily started coroutine returning T. `co_await task` starts
// it and resumes the awaiter when it finishes. Nothing here runs by itself:
// the awaitables below suspend and schedule their resumption on a
// Scheduler, so every interleaving is the scheduler's (seeded) choice.
//
//   Task<Result<int>> handler(Scheduler& s) {
//     co_await wait_for(s, seconds(1), "backoff");
//     auto out = co_await call(s, "dynamodb.UpdateItem", [&] { return db.update_item(in); });
//     co_return 42;
//   }
//
// A service call takes effect at one instant (halfway through its latency)
// and the caller resumes at the end; with zero latency both steps are still
// separate scheduler steps, so calls of concurrent tasks interleave as on AWS.
//
// GCC 12 pitfall (fixed in later GCCs): a temporary awaiter in a co_await
// expression — `co_await context.call(op, [copies] {...})`, `co_return co_await
// f()` — can be destroyed twice. Always bind the awaitable to a named
// variable first:  auto call = context.call(...);  auto out = co_await call;
//
// Cancellation: an awaitable given a Liveness token that has expired neither
// runs its effect nor resumes (a timed-out invocation stays frozen).
#pragma once

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "emulator/core/scheduler.h"

namespace streamlab {

template <typename T>
class Task;

namespace task_detail {

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> handle) const noexcept {
    auto continuation = handle.promise().continuation;
    return continuation ? continuation : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() const noexcept {
    // Handlers return errors as values; an exception escaping one is a bug.
    std::fprintf(stderr, "streamlab bug: exception escaped a coroutine\n");
    std::abort();
  }
};

}  // namespace task_detail

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : task_detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_value(T result) { value.emplace(std::move(result)); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() { return std::move(*handle_.promise().value); }

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  void reset() {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  std::coroutine_handle<promise_type> handle_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : task_detail::PromiseBase {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_void() const noexcept {}
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  void await_resume() const noexcept {}

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

// Shared by the awaitables of one activity (an invocation): once expired,
// they stop running effects and resuming.
using Liveness = std::shared_ptr<bool>;
inline Liveness make_liveness() { return std::make_shared<bool>(true); }
inline bool alive(const Liveness& liveness) { return !liveness || *liveness; }

// co_await wait_for(scheduler, d, label): resumes after `d` of scheduler time.
class WaitAwaiter {
 public:
  WaitAwaiter(Scheduler& scheduler, Duration delay, std::string label, Liveness liveness)
      : scheduler_(scheduler),
        delay_(delay),
        label_(std::move(label)),
        liveness_(std::move(liveness)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    scheduler_.schedule_after(delay_, std::move(label_), [handle, liveness = liveness_] {
      if (alive(liveness)) handle.resume();
    });
  }
  void await_resume() const noexcept {}

 private:
  Scheduler& scheduler_;
  Duration delay_;
  std::string label_;
  Liveness liveness_;
};

inline WaitAwaiter wait_for(Scheduler& scheduler, Duration delay, std::string label,
                            Liveness liveness = nullptr) {
  return WaitAwaiter(scheduler, delay, std::move(label), std::move(liveness));
}

// co_await call(scheduler, "dynamodb.UpdateItem", fn): runs fn() at
// now + latency/2 and resumes with its result at now + latency.
template <typename Fn>
class CallAwaiter {
 public:
  using Value = decltype(std::declval<Fn&>()());

  // `fn` is moved (or copied) once, into the awaiter: a write's closure holds
  // its whole request.
  template <typename F>
  CallAwaiter(Scheduler& scheduler, const char* operation, F&& fn, Liveness liveness)
      : scheduler_(scheduler),
        operation_(operation),
        fn_(std::forward<F>(fn)),
        liveness_(std::move(liveness)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    const Duration latency = scheduler_.draw_latency(operation_);
    const Duration before = latency / 2;
    const Duration after = latency - before;
    // The liveness token is checked before touching `this`: an expired
    // activity's frame may already be gone. Labels only show in traces, so
    // they are built only when tracing (two strings per call otherwise).
    const bool tracing = scheduler_.tracing();
    scheduler_.schedule_after(before, tracing ? std::string(operation_) : std::string(),
                              [this, handle, after, tracing, liveness = liveness_] {
                                if (!alive(liveness)) return;
                                result_.emplace(fn_());
                                scheduler_.schedule_after(
                                    after,
                                    tracing ? std::string(operation_) + " reply" : std::string(),
                                    [handle, liveness] {
                                      if (alive(liveness)) handle.resume();
                                    });
                              });
  }
  Value await_resume() { return std::move(*result_); }

 private:
  Scheduler& scheduler_;
  const char* operation_;  // a literal: names the latency and, when tracing, the task
  Fn fn_;
  Liveness liveness_;
  std::optional<Value> result_;
};

// `operation` is a string literal (calls are made by the thousand: no copy).
template <typename Fn>
CallAwaiter<std::decay_t<Fn>> call(Scheduler& scheduler, const char* operation, Fn&& fn,
                                   Liveness liveness = nullptr) {
  return CallAwaiter<std::decay_t<Fn>>(scheduler, operation, std::forward<Fn>(fn),
                                       std::move(liveness));
}

// Owns coroutines started with spawn(): runs them detached and destroys any
// that have not finished when the group goes away (e.g. frozen timed-out
// invocations at the end of a simulation).
class TaskGroup {
 public:
  TaskGroup() = default;
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;
  ~TaskGroup();

  // Starts `task` now (synchronously, up to its first suspension). `on_done`
  // runs when it finishes, with its result.
  template <typename T, typename OnDone>
  void spawn(Task<T> task, OnDone on_done);

  std::size_t running() const { return running_.size(); }

 private:
  struct Runner;
  void started(std::coroutine_handle<> handle) { running_.push_back(handle); }
  void finished(std::coroutine_handle<> handle);

  std::vector<std::coroutine_handle<>> running_;
};

struct TaskGroup::Runner {
  struct promise_type {
    TaskGroup* group = nullptr;
    Runner get_return_object() {
      return Runner{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    // The runner frees itself when done, after telling its group.
    struct Final {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> self) const noexcept {
        TaskGroup* owner = self.promise().group;
        self.destroy();
        owner->finished(self);
      }
      void await_resume() const noexcept {}
    };
    Final final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::abort(); }
  };
  std::coroutine_handle<promise_type> handle;
};

inline TaskGroup::~TaskGroup() {
  for (auto handle : running_) handle.destroy();
}

inline void TaskGroup::finished(std::coroutine_handle<> handle) {
  for (auto& running : running_) {
    if (running == handle) {
      running = running_.back();
      running_.pop_back();
      return;
    }
  }
}

template <typename T, typename OnDone>
void TaskGroup::spawn(Task<T> task, OnDone on_done) {
  auto runner = [](Task<T> inner, OnDone done) -> Runner {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(inner);
      done();
    } else {
      done(co_await std::move(inner));
    }
  }(std::move(task), std::move(on_done));
  runner.handle.promise().group = this;
  started(runner.handle);
  runner.handle.resume();
}

// co_await when_all(scheduler, tasks): runs the tasks concurrently and
// resumes when all have finished (in a scheduler step of its own, so a child
// finishing never destroys the frame it is running in).
class JoinAwaiter {
 public:
  JoinAwaiter(Scheduler& scheduler, std::size_t remaining, Liveness liveness)
      : scheduler_(scheduler), remaining_(remaining), liveness_(std::move(liveness)) {}
  bool await_ready() const noexcept { return remaining_ == 0; }
  void await_suspend(std::coroutine_handle<> handle) { waiting_ = handle; }
  void await_resume() const noexcept {}
  void one_done() {
    if (--remaining_ == 0 && waiting_) {
      scheduler_.post("join", [handle = waiting_, liveness = liveness_] {
        if (alive(liveness)) handle.resume();
      });
    }
  }

 private:
  Scheduler& scheduler_;
  std::size_t remaining_;
  Liveness liveness_;
  std::coroutine_handle<> waiting_;
};

inline Task<void> when_all(Scheduler& scheduler, std::vector<Task<void>> tasks,
                           Liveness liveness = nullptr) {
  JoinAwaiter join(scheduler, tasks.size(), liveness);
  TaskGroup group;  // lives in this frame until every child finished
  for (auto& task : tasks) group.spawn(std::move(task), [&join] { join.one_done(); });
  co_await join;
}

}  // namespace streamlab
