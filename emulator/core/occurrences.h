// The interesting cases a run went through, counted where they happen.
//
// These are the simulation's "sometimes" checks (after TigerBeetle's VOPR):
// a green run proves little unless the case it is about did occur — two
// blocks really were in flight together, a record really was throttled, two
// score recomputations really did overlap. Emulator code notes a case by its
// name at the point where it happens; the harness reads the counts after the
// run, reports in how many seeds each case occurred, and checks them
// (`occurs` expectations). Every name is listed, with what it means, in
// occurrence_cases(); noting a name that is not listed is a bug and aborts.
//
// Thread-safety: none. One per simulation, used on its scheduler's thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace streamlab {

struct OccurrenceCase {
  std::string_view name;     // "fanout.blocks-landed-out-of-order"
  std::string_view meaning;  // one line, for reports and the schema's description
};

// Every case emulator code or the harness may note, in report order.
std::span<const OccurrenceCase> occurrence_cases();
// The listed case of that name, or nullptr.
const OccurrenceCase* find_occurrence_case(std::string_view name);

class Occurrences {
 public:
  // REQUIRES: `name` is a listed case (else aborts).
  void note(std::string_view name, std::uint64_t times = 1);

  // Windows of an activity on a subject: a score recomputation is open from
  // its read until its write. close_window() notes `name` when another window
  // on the same subject is still open — the interleaving in which a
  // read-then-blind-write can leave a stale value last. A window never closed
  // (its invocation was frozen by a timeout) stays open. A subject is given
  // in parts ({role, user}) so that naming it allocates nothing.
  void open_window(std::string_view name, std::initializer_list<std::string_view> subject);
  void close_window(std::string_view name, std::initializer_list<std::string_view> subject);

  // How often `name` was noted (0 when never).
  std::uint64_t count(std::string_view name) const;
  // The cases noted at least once, by name.
  const std::map<std::string, std::uint64_t, std::less<>>& counts() const { return counts_; }

 private:
  static std::uint64_t window_key(std::string_view name,
                                  std::initializer_list<std::string_view> subject);

  std::map<std::string, std::uint64_t, std::less<>> counts_;
  // A 64-bit hash of the name and each part of the subject → windows open.
  // Windows are opened twice per purchase in a million-event run, so the
  // texts are neither copied nor compared; two subjects sharing a hash
  // (about one chance in 2^64 per pair) would only count an overlap too many.
  // Kept at zero once closed: subjects are few (contributors), lookups many.
  std::unordered_map<std::uint64_t, int> open_windows_;
};

}  // namespace streamlab
