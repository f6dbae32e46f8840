#include "emulator/core/due_queue.h"

namespace streamlab {
namespace {
constexpr std::size_t kArity = 4;  // children of i: kArity*i+1 … kArity*i+kArity
}  // namespace

void DueQueue::push(const DueEntry& entry) {
  std::size_t hole = heap_.size();
  heap_.emplace_back();
  DueEntry* heap = heap_.data();
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!runs_before(entry, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = entry;
}

DueEntry DueQueue::pop() {
  const DueEntry first = heap_.front();
  const DueEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return first;
  DueEntry* heap = heap_.data();
  // Moves the hole left at the root down past every child that runs before
  // `last`, which then fills it.
  std::size_t hole = 0;
  for (;;) {
    const std::size_t child = kArity * hole + 1;
    if (child >= size) break;
    std::size_t best = child;
    const std::size_t end = child + kArity < size ? child + kArity : size;
    for (std::size_t other = child + 1; other < end; ++other)
      if (runs_before(heap[other], heap[best])) best = other;
    if (!runs_before(heap[best], last)) break;
    heap[hole] = heap[best];
    hole = best;
  }
  heap[hole] = last;
  return first;
}

}  // namespace streamlab
