#include "emulator/core/plain_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace streamlab {
namespace {

std::size_t reference_run(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++i;
  }
  return i;
}

std::size_t run_of(const std::string& text) {
  return plain_ascii_run(text.data(), text.data() + text.size());
}

TEST(PlainAsciiRun, StopsAtEveryByteValueAtEveryPositionOfAWord) {
  for (std::size_t length = 0; length <= 40; ++length) {  // 16-, 8- and 1-byte steps
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(byte);
        ASSERT_EQ(run_of(text), reference_run(text))
            << "length " << length << ", byte " << byte << " at " << at;
      }
    }
  }
}

// Two non-plain bytes in one word: the borrow of the first must not hide it
// or put a flag before it (the lowest flag is the answer).
TEST(PlainAsciiRun, TheFirstOfSeveralStopBytesIsTheAnswer) {
  const char stops[] = {'"', '\\', '\x00', '\x1f', '\x80', '\xff', '\x01', ' '};
  for (char first : stops) {
    for (char second : stops) {
      for (std::size_t at = 0; at < 31; ++at) {
        std::string text = "abcdefghijklmnopqrstuvwxyz012345";
        text[at] = first;
        text[at + 1] = second;
        ASSERT_EQ(run_of(text), reference_run(text)) << "at " << at;
      }
    }
  }
}

TEST(PlainAsciiRun, MatchesTheByteLoopOnRandomText) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 80, ' ');
    for (auto& c : text) {
      // Mostly plain text, sometimes any byte.
      c = random() % 16 == 0 ? static_cast<char>(random() % 256)
                             : static_cast<char>(0x20 + random() % 0x60);
    }
    ASSERT_EQ(run_of(text), reference_run(text)) << text;
  }
}

TEST(PlainAsciiRun, ReadsNoFurtherThanTheEnd) {
  const std::string text = "abcdefghij\"klm";
  EXPECT_EQ(plain_ascii_run(text.data(), text.data() + 9), 9u);
  EXPECT_EQ(plain_ascii_run(text.data(), text.data() + 10), 10u);
  EXPECT_EQ(plain_ascii_run(text.data(), text.data() + 11), 10u);
  EXPECT_EQ(plain_ascii_run(text.data(), text.data()), 0u);
}

}  // namespace
}  // namespace streamlab
