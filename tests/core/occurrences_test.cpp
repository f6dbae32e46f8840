// Occurrences: the "sometimes" counts. Cases are counted by name, only
// listed names are accepted, and a window on a subject notes an overlap
// only when another window on the same subject is still open.
#include "emulator/core/occurrences.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace streamlab {
namespace {

TEST(OccurrencesTest, CountsEachNoteAndListsOnlyWhatHappened) {
  Occurrences occurrences;
  EXPECT_TRUE(occurrences.counts().empty());
  occurrences.note("fanout.records-failed", 3);
  occurrences.note("fanout.records-failed");
  occurrences.note("producer.retries", 0);  // nothing happened: not listed
  EXPECT_EQ(occurrences.count("fanout.records-failed"), 4u);
  EXPECT_EQ(occurrences.count("producer.retries"), 0u);
  ASSERT_EQ(occurrences.counts().size(), 1u);
  EXPECT_EQ(occurrences.counts().begin()->first, "fanout.records-failed");
}

TEST(OccurrencesDeathTest, ANameThatIsNotListedIsABug) {
  Occurrences occurrences;
  EXPECT_DEATH(occurrences.note("fanout.blocks-raced"), "not in occurrence_cases");
}

TEST(OccurrencesTest, EveryListedCaseHasAUniqueNameAndAMeaning) {
  std::set<std::string_view> names;
  for (const auto& known : occurrence_cases()) {
    EXPECT_TRUE(names.insert(known.name).second) << known.name;
    EXPECT_FALSE(known.meaning.empty()) << known.name;
    EXPECT_EQ(find_occurrence_case(known.name), &known);
  }
  EXPECT_EQ(find_occurrence_case("no.such-case"), nullptr);
}

TEST(OccurrencesTest, AWindowClosedWhileAnotherIsOpenOnTheSameSubjectIsAnOverlap) {
  constexpr std::string_view kRace = "winner.score-recomputes-overlapped";
  Occurrences occurrences;
  // One after the other: no overlap.
  occurrences.open_window(kRace, {"creator", "merchant-1"});
  occurrences.close_window(kRace, {"creator", "merchant-1"});
  occurrences.open_window(kRace, {"creator", "merchant-1"});
  occurrences.close_window(kRace, {"creator", "merchant-1"});
  EXPECT_EQ(occurrences.count(kRace), 0u);
  // A reads, B reads, A writes (B still open: noted), B writes (nothing open: not).
  occurrences.open_window(kRace, {"creator", "merchant-1"});
  occurrences.open_window(kRace, {"creator", "merchant-1"});
  occurrences.close_window(kRace, {"creator", "merchant-1"});
  EXPECT_EQ(occurrences.count(kRace), 1u);
  occurrences.close_window(kRace, {"creator", "merchant-1"});
  EXPECT_EQ(occurrences.count(kRace), 1u);
  // Closing what is not open changes nothing.
  occurrences.close_window(kRace, {"creator", "merchant-1"});
  EXPECT_EQ(occurrences.count(kRace), 1u);
}

TEST(OccurrencesTest, SubjectsDifferingInAnyPartDoNotOverlap) {
  constexpr std::string_view kRace = "winner.score-recomputes-overlapped";
  Occurrences occurrences;
  occurrences.open_window(kRace, {"creator", "UNKNOWN"});
  occurrences.open_window(kRace, {"photographer", "UNKNOWN"});
  occurrences.open_window(kRace, {"creator", "UNKNOWN2"});
  // Parts are separated: {"ab", "c"} is not {"a", "bc"}.
  occurrences.open_window(kRace, {"creat", "orUNKNOWN"});
  occurrences.close_window(kRace, {"creator", "UNKNOWN"});
  occurrences.close_window(kRace, {"photographer", "UNKNOWN"});
  occurrences.close_window(kRace, {"creator", "UNKNOWN2"});
  EXPECT_EQ(occurrences.count(kRace), 0u);
}

TEST(OccurrencesTest, ManySimilarSubjectsOpenTogetherNeverOverlap) {
  constexpr std::string_view kRace = "winner.score-recomputes-overlapped";
  Occurrences occurrences;
  std::vector<std::string> users;
  for (int i = 0; i < 20000; ++i) users.push_back("merchant-" + std::to_string(i));
  for (const auto& user : users) {
    occurrences.open_window(kRace, {"creator", user});
    occurrences.open_window(kRace, {"photographer", user});
  }
  for (const auto& user : users) {
    occurrences.close_window(kRace, {"creator", user});
    occurrences.close_window(kRace, {"photographer", user});
  }
  EXPECT_EQ(occurrences.count(kRace), 0u);
}

}  // namespace
}  // namespace streamlab
