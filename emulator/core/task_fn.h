// TaskFn: what a scheduler runs — a move-only `void()` callable that keeps a
// closure of up to kInlineBytes in place.
//
// Every simulated step is one of these. std::function keeps only closures of
// two pointers in place and puts the rest on the heap, so each DynamoDB call
// a function awaits (a closure for the call, one for the reply) cost two
// allocations, and every poll and invocation step more. Move-only, because a
// scheduled step runs once and is never copied; closures may then own
// move-only things.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace streamlab {

class TaskFn {
 public:
  static constexpr std::size_t kInlineBytes = 64;

  TaskFn() noexcept = default;
  TaskFn(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor): as std::function

  template <
      typename F, typename Fn = std::decay_t<F>,
      typename = std::enable_if_t<!std::is_same_v<Fn, TaskFn> && std::is_invocable_r_v<void, Fn&>>>
  TaskFn(F&& fn) {  // NOLINT(google-explicit-constructor): any callable is a task
    if constexpr (stored_inline<Fn>()) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(fn));
      ops_ = &kInlineOps<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Fn*(new Fn(std::forward<F>(fn)));
      ops_ = &kHeapOps<Fn>;
    }
  }

  TaskFn(TaskFn&& other) noexcept : ops_(other.ops_) {
    if (ops_) ops_->relocate(other.storage_, storage_);
    other.ops_ = nullptr;
  }
  TaskFn& operator=(TaskFn&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      if (ops_) ops_->relocate(other.storage_, storage_);
      other.ops_ = nullptr;
    }
    return *this;
  }
  TaskFn& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  TaskFn(const TaskFn&) = delete;
  TaskFn& operator=(const TaskFn&) = delete;
  ~TaskFn() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  // REQUIRES: holds a callable. Const as std::function's is: the closure may change.
  void operator()() const { ops_->invoke(const_cast<unsigned char*>(storage_)); }

  // Whether a closure of type F is kept in place (for tests).
  template <typename F>
  static constexpr bool stored_inline() {
    constexpr bool fits = sizeof(F) <= kInlineBytes;
    constexpr bool aligned = alignof(F) <= alignof(std::max_align_t);
    return fits && aligned && std::is_nothrow_move_constructible_v<F>;
  }

 private:
  struct Ops {
    void (*invoke)(void* storage);
    // Moves the closure from one storage to another and ends it in the first.
    void (*relocate)(void* from, void* to) noexcept;
    void (*destroy)(void* storage) noexcept;
  };

  template <typename Fn>
  static constexpr Ops kInlineOps = {
      [](void* storage) { (*static_cast<Fn*>(storage))(); },
      [](void* from, void* to) noexcept {
        ::new (to) Fn(std::move(*static_cast<Fn*>(from)));
        static_cast<Fn*>(from)->~Fn();
      },
      [](void* storage) noexcept { static_cast<Fn*>(storage)->~Fn(); }};

  template <typename Fn>
  static constexpr Ops kHeapOps = {
      [](void* storage) { (**static_cast<Fn**>(storage))(); },
      [](void* from, void* to) noexcept { ::new (to) Fn*(*static_cast<Fn**>(from)); },
      [](void* storage) noexcept { delete *static_cast<Fn**>(storage); }};

  void reset() noexcept {
    if (ops_) ops_->destroy(storage_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace streamlab
