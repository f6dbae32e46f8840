#include "emulator/core/realtime_scheduler.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <unordered_map>

namespace streamlab {

struct RealtimeScheduler::Impl {
  explicit Impl(const Options& options) : random(options.seed), trace(options.trace) {}

  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_running{
      io.get_executor()};
  std::unordered_map<TaskId, std::unique_ptr<boost::asio::steady_timer>> timers;
  TaskId next_id = 1;
  SeededRandom random;
  TraceRecorder* trace;
  std::string running_label;

  void run_task(const std::string& label, const TaskFn& fn, TimePoint now) {
    running_label = label;
    if (trace) trace->record(now, running_label, "run");
    fn();
  }
};

RealtimeScheduler::RealtimeScheduler(Options options) : impl_(std::make_unique<Impl>(options)) {}
RealtimeScheduler::~RealtimeScheduler() = default;

TimePoint RealtimeScheduler::now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return TimePoint(std::chrono::duration_cast<Duration>(since_epoch));
}

TaskId RealtimeScheduler::schedule_at(TimePoint due, std::string&& label, TaskFn&& fn) {
  const TaskId id = impl_->next_id++;
  auto timer = std::make_unique<boost::asio::steady_timer>(impl_->io);
  const Duration delay = due > now() ? due - now() : Duration{0};
  timer->expires_after(delay);
  timer->async_wait([this, id, label = std::move(label),
                     fn = std::move(fn)](const boost::system::error_code& error) {
    if (error) return;  // cancelled
    impl_->timers.erase(id);
    impl_->run_task(label, fn, now());
  });
  impl_->timers.emplace(id, std::move(timer));
  return id;
}

bool RealtimeScheduler::cancel(TaskId id) {
  auto it = impl_->timers.find(id);
  if (it == impl_->timers.end()) return false;
  it->second->cancel();
  impl_->timers.erase(it);
  return true;
}

SeededRandom& RealtimeScheduler::random() { return impl_->random; }

void RealtimeScheduler::note(std::string_view event) {
  if (impl_->trace) impl_->trace->record(now(), impl_->running_label, event);
}

bool RealtimeScheduler::tracing() const { return impl_->trace != nullptr; }

void RealtimeScheduler::run() {
  impl_->io.restart();
  impl_->io.run();
}

void RealtimeScheduler::stop() { impl_->io.stop(); }

void RealtimeScheduler::post_from_any_thread(std::string label, TaskFn fn) {
  boost::asio::post(impl_->io, [this, label = std::move(label), fn = std::move(fn)] {
    impl_->run_task(label, fn, now());
  });
}

}  // namespace streamlab
