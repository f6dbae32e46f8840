// The fanout's text-level egress rewrite must write exactly what the original's
// parse + assign + stringify writes (ordered_json::dump), and step aside for
// anything it cannot copy through unchanged.
#include "emulator/functions/compact_json.h"

#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>
#include <random>

namespace streamlab::functions {
namespace {

using nlohmann::ordered_json;
using Fields = std::vector<std::pair<std::string_view, std::string_view>>;

const Fields kEgressFields = {
    {"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
    {"eventId", "shardId-000000000003:49590338271490256608559692538361571095921575989136588898"},
    {"timeIngest", "2017-03-28T23:29:24.000Z"},
    {"timeProcess", "2017-03-28T23:29:25.123Z"}};

// The general path: what the original does.
std::string through_document(std::string_view text, const Fields& fields) {
  ordered_json document = ordered_json::parse(text);
  for (const auto& [name, value] : fields) document[std::string(name)] = value;
  return document.dump();
}

// Random documents with every kind of value, dumped: compact by construction.
class DocumentMaker {
 public:
  explicit DocumentMaker(unsigned seed) : random_(seed) {}

  ordered_json object(int depth) {
    ordered_json out = ordered_json::object();
    const int members = pick(0, 6);
    for (int i = 0; i < members; ++i) out[text()] = value(depth + 1);
    return out;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }

  std::string text() {
    static constexpr std::array<const char*, 14> kPieces = {
        "a",  "id",   "schema", "eventId", "\"",   "\\", "\n",
        "\t", "\x01", "\x1f",   "é",       "日本", "😀",  "/"};
    std::string out;
    const int pieces = pick(0, 4);
    for (int i = 0; i < pieces; ++i) out += kPieces[static_cast<std::size_t>(pick(0, 13))];
    return out;
  }

  ordered_json value(int depth) {
    switch (pick(0, depth > 4 ? 5 : 7)) {
      case 0:
        return text();
      case 1:
        return pick(-1000000, 1000000);
      case 2:
        return static_cast<std::int64_t>(pick(0, 1 << 30)) * 1000000007LL;
      case 3:
        return pick(0, 1) == 1;
      case 4:
        return nullptr;
      case 5:
        return 0;
      case 6:
        return object(depth);
      default: {
        ordered_json list = ordered_json::array();
        const int items = pick(0, 4);
        for (int i = 0; i < items; ++i) list.push_back(value(depth + 1));
        return list;
      }
    }
  }

  std::mt19937 random_;
};

TEST(CompactJsonTest, RewritesCompactDocumentsExactlyAsTheDocumentPathDoes) {
  DocumentMaker maker(20261122);
  for (int i = 0; i < 2000; ++i) {
    const std::string text = maker.object(0).dump();
    const auto rewritten = set_top_level_strings(text, kEgressFields);
    ASSERT_TRUE(rewritten.has_value()) << text;
    EXPECT_EQ(*rewritten, through_document(text, kEgressFields)) << text;
  }
}

TEST(CompactJsonTest, PresentMembersKeepTheirPlaceNewOnesGoLastInOrder) {
  const std::string ingress =
      R"({"schema":"com.nordstrom/retail-stream-ingress/1-0-0","origin":"o","data":{"schema":"inner","id":"p1"}})";
  const auto rewritten = set_top_level_strings(ingress, kEgressFields);
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(
      *rewritten,
      R"({"schema":"com.nordstrom/retail-stream-egress/1-0-0","origin":"o","data":{"schema":"inner","id":"p1"},)"
      R"("eventId":"shardId-000000000003:49590338271490256608559692538361571095921575989136588898",)"
      R"("timeIngest":"2017-03-28T23:29:24.000Z","timeProcess":"2017-03-28T23:29:25.123Z"})");
  EXPECT_EQ(*set_top_level_strings("{}", Fields{{"b", "1"}, {"a", "2"}}), R"({"b":"1","a":"2"})");
}

TEST(CompactJsonTest, ValuesAreEscapedAsDumpEscapesThem) {
  const Fields fields = {{"v", "q\" b\\ \b\f\n\r\t \x01\x1f \x7f é"}};
  const auto rewritten = set_top_level_strings("{}", fields);
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(*rewritten, through_document("{}", fields));
}

// Short plain names and values are written in one piece, others step by
// step: every length on both sides of those limits, with and without a byte
// to escape, gives dump()'s bytes.
TEST(CompactJsonTest, NamesAndValuesOfEveryLengthAreWrittenAsDumpWritesThem) {
  for (std::size_t length = 0; length <= 200; ++length) {
    const std::string plain(length, 'v');
    const std::string escaped = plain + "\n\"";
    const std::string name(length % 100, 'n');
    const std::string document = R"({")" + name + R"(":"old","x":1})";
    for (const std::string* value : {&plain, &escaped}) {
      const Fields fields = {{name, *value}, {"added", *value}};
      const auto rewritten = set_top_level_strings(document, fields);
      ASSERT_TRUE(rewritten) << length;
      ASSERT_EQ(*rewritten, through_document(document, fields)) << length;
    }
  }
}

TEST(CompactJsonTest, StepsAsideForWhatItCannotCopyThrough) {
  // Each reads back as something else, or is not an object: the general path decides.
  for (const std::string text : {R"({ "a":1})",
                                 R"({"a": 1})",
                                 "{\"a\":1}\n",
                                 R"({"a":1.0})",
                                 R"({"a":1e3})",
                                 R"({"a":-0})",
                                 R"({"a":01})",
                                 R"({"a":18446744073709551616})",
                                 R"({"a":-9223372036854775809})",
                                 R"({"a":"\/"})",
                                 R"({"a":"\u0041"})",
                                 R"({"a":1,"a":2})",
                                 R"({"o":{"x":1,"x":2}})",
                                 R"([1])",
                                 R"("text")",
                                 "\xEF\xBB\xBF{}",
                                 R"({"a":1}x)",
                                 R"({"a":)",
                                 R"({"a":tru})",
                                 "{\"a\":\"\xC3\"}",
                                 "{\"a\":\"\xED\xA0\x80\"}",
                                 "{\"a\":\"\x01\"}",
                                 ""}) {
    EXPECT_FALSE(set_top_level_strings(text, kEgressFields).has_value()) << text;
  }
  std::string deep = "{\"a\":";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  deep += "}";
  EXPECT_FALSE(set_top_level_strings(deep, kEgressFields).has_value());
  // A value the document path could not write (invalid UTF-8 makes dump() throw).
  EXPECT_FALSE(set_top_level_strings("{}", Fields{{"v", "\xC3"}}).has_value());
}

TEST(CompactJsonTest, TheLongestIntegersItCopiesReadBackUnchanged) {
  for (const std::string text : {R"({"a":18446744073709551615})", R"({"a":-9223372036854775808})",
                                 R"({"a":0,"b":-1,"c":[0,10]})"}) {
    const auto rewritten = set_top_level_strings(text, kEgressFields);
    ASSERT_TRUE(rewritten) << text;
    EXPECT_EQ(*rewritten, through_document(text, kEgressFields));
  }
}

TEST(CompactJsonTest, ExactIntegersAreThoseNlohmannKeepsAsIntegers) {
  for (const char* text : {"0", "-1", "42,", "18446744073709551615", "-9223372036854775808]"}) {
    const std::string_view view(text);
    const std::size_t n = exact_integer_length(view);
    EXPECT_EQ(n, view.find_first_of(",]") == std::string_view::npos ? view.size()
                                                                    : view.find_first_of(",]"))
        << text;
    EXPECT_TRUE(ordered_json::parse(view.substr(0, n)).is_number_integer()) << text;
  }
  for (const char* text : {"", "-", "-0", "01", "1.5", "1e3", "2E1", "18446744073709551616",
                           "-9223372036854775809", "x"}) {
    EXPECT_EQ(exact_integer_length(text), 0u) << text;
  }
}

}  // namespace
}  // namespace streamlab::functions
