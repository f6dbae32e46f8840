// compare_short / equal_short (emulator/core/short_text.h) order and match
// exactly as std::string_view does: bytes unsigned, shorter prefix first, on
// both sides of the inline limit.
#include "emulator/core/short_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace streamlab {
namespace {

int sign(int value) { return (value > 0) - (value < 0); }

TEST(ShortTextTest, AgreesWithStringViewOnRandomPairs) {
  std::mt19937 random(5);
  const std::string alphabet = std::string("ab#:") + '\x7f' + '\x80' + '\xff';
  const auto text = [&] {
    std::string out(random() % (kShortText + 6), 'a');
    for (auto& c : out) c = alphabet[random() % alphabet.size()];
    return out;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = text();
    std::string b = random() % 3 == 0 ? a : text();
    if (!b.empty() && random() % 4 == 0) b.back() = alphabet[random() % alphabet.size()];
    SCOPED_TRACE(a + " vs " + b);
    ASSERT_EQ(sign(compare_short(a, b)), sign(std::string_view(a).compare(b)));
    ASSERT_EQ(equal_short(a, b), a == b);
  }
  EXPECT_LT(compare_short("a", "\x80"), 0);  // unsigned bytes
  EXPECT_LT(compare_short("ab", "abc"), 0);
  EXPECT_EQ(compare_short("", ""), 0);
  EXPECT_TRUE(equal_short(std::string(40, 'x'), std::string(40, 'x')));
  EXPECT_FALSE(equal_short(std::string(40, 'x'), std::string(39, 'x') + "y"));
}

// Equality reads overlapping words: a difference in any one byte, at any
// length up to past the memcmp limit, must be seen.
TEST(ShortTextTest, EqualityNoticesADifferenceInEveryByteAtEveryLength) {
  for (std::size_t length = 0; length <= 2 * kShortText + 4; ++length) {
    std::string a(length, 'q');
    for (std::size_t i = 0; i < length; ++i) a[i] = static_cast<char>('a' + i % 26);
    EXPECT_TRUE(equal_short(a, std::string(a))) << length;
    for (std::size_t at = 0; at < length; ++at) {
      std::string b = a;
      b[at] = '\xff';
      EXPECT_FALSE(equal_short(a, b)) << length << " at " << at;
      EXPECT_FALSE(equal_short(b, a)) << length << " at " << at;
    }
    EXPECT_FALSE(equal_short(a, a + "x")) << length;
  }
}

}  // namespace
}  // namespace streamlab
