// SharedText (emulator/core/shared_text.h): copies of a long text share its
// bytes; every copy reads the same text and outlives the others.
#include "emulator/core/shared_text.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace streamlab {
namespace {

TEST(SharedTextTest, HoldsTextsOfEveryLengthAroundTheInlineLimit) {
  for (std::size_t length = 0; length <= SharedText::kInline + 3; ++length) {
    const std::string text(length, 'x');
    SharedText shared(text);
    EXPECT_EQ(shared.view(), text);
    EXPECT_EQ(shared.size(), length);
    EXPECT_EQ(shared.empty(), length == 0);
  }
  EXPECT_EQ(SharedText().view(), "");
  const std::string with_zero("a\0b", 3);  // binary values hold any byte
  EXPECT_EQ(SharedText(with_zero).view(), with_zero);
}

// A long text keeps its block and size where the inline bytes would be: 24
// bytes in all, so a DynamoDB attribute value is 32.
TEST(SharedTextTest, IsTwentyFourBytesAndKeepsLongSizesWhole) {
  EXPECT_EQ(sizeof(SharedText), 24U);
  for (std::size_t length : {SharedText::kInline + 1, std::size_t{255}, std::size_t{256},
                             std::size_t{65536 + 7}, std::size_t{400 * 1024}}) {
    std::string text(length, 'y');
    text.back() = static_cast<char>(0xff);  // the long-text tag's value, as a byte
    SharedText shared(text);
    EXPECT_EQ(shared.size(), length);
    EXPECT_EQ(shared.view(), text);
    EXPECT_FALSE(shared.empty());
  }
}

TEST(SharedTextTest, CopiesOfALongTextShareItsBytesAndCompareEqual) {
  const std::string origin = "hello-retail/product-producer-creator/merchant-12/Merchant 12";
  SharedText first(origin);
  SharedText copy = first;
  EXPECT_TRUE(copy.shares_buffer_with(first));
  EXPECT_EQ(copy.data(), first.data());
  EXPECT_EQ(copy, first);
  SharedText separate(origin);  // equal bytes, its own buffer
  EXPECT_FALSE(separate.shares_buffer_with(first));
  EXPECT_EQ(separate, first);
  EXPECT_NE(SharedText(origin + "!"), first);
  // Short texts are inline: never "shared", still equal.
  SharedText short_text("product-1");
  EXPECT_FALSE(SharedText(short_text).shares_buffer_with(short_text));
  EXPECT_EQ(SharedText(short_text), short_text);
}

TEST(SharedTextTest, EachCopyOutlivesTheOthers) {
  const std::string origin(100, 'o');
  auto* first = new SharedText(origin);
  SharedText copy = *first;
  SharedText assigned("short");
  assigned = copy;
  delete first;  // the buffer stays for the copies (ASan checks the reads)
  EXPECT_EQ(copy.view(), origin);
  EXPECT_EQ(assigned.view(), origin);
  SharedText moved = std::move(copy);
  EXPECT_EQ(moved.view(), origin);
  EXPECT_EQ(copy.view(), "");  // NOLINT(bugprone-use-after-move): moved-from is empty
  moved = std::move(assigned);
  EXPECT_EQ(moved.view(), origin);
  moved = moved;  // NOLINT(misc-redundant-expression): self-assignment keeps the text
  EXPECT_EQ(moved.view(), origin);
  moved = SharedText("now short");
  EXPECT_EQ(moved.view(), "now short");
}

// The count is atomic: copies of one value may be dropped on different
// threads (a response serialized on an HTTP thread while the service drops
// the item). With a plain count, concurrent updates get lost: the buffer is
// freed under live copies (the sanitizer build reports the reads) or leaked
// (LeakSanitizer reports it at exit).
TEST(SharedTextTest, CopiesMayBeDroppedOnDifferentThreads) {
  const SharedText origin(std::string(64, 'q'));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&origin] {
      for (int i = 0; i < 10000; ++i) {
        SharedText copy = origin;
        ASSERT_EQ(copy.size(), 64U);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(origin.view(), std::string(64, 'q'));
}

}  // namespace
}  // namespace streamlab
