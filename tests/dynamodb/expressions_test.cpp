// DynamoDB expressions (developer guide, "Using expressions in DynamoDB").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/dynamodb/attribute_json.h"
#include "emulator/dynamodb/expressions/cache.h"
#include "emulator/dynamodb/expressions/evaluator.h"
#include "emulator/dynamodb/expressions/parser.h"
#include "emulator/dynamodb/expressions/update.h"

namespace streamlab::dynamodb::expressions {
namespace {

using nlohmann::json;

Item item_of(const char* text) { return item_from_json(json::parse(text)).value(); }

Substitutions subs(const char* values_json, NameMap names = {}) {
  Substitutions out;
  out.names = std::move(names);
  for (auto& [key, value] : item_of(values_json)) out.values.emplace(key, value);
  return out;
}

const char* kItem = R"({
  "id": {"S": "p1"}, "count": {"N": "5"}, "price": {"N": "10.5"}, "name": {"S": "Widget"},
  "tags": {"SS": ["blue", "small"]}, "nums": {"NS": ["1", "2"]}, "flag": {"BOOL": true},
  "nothing": {"NULL": true}, "data": {"B": "AQID"},
  "info": {"M": {"maker": {"S": "acme"}, "dims": {"L": [{"N": "1"}, {"N": "2"}, {"M": {"z": {"N": "3"}}}]}}},
  "list": {"L": [{"S": "a"}, {"N": "7"}]}
})";

bool holds(const char* expression, const char* values = "{}", NameMap names = {}) {
  auto parsed = parse_condition(expression, "ConditionExpression");
  EXPECT_TRUE(parsed.is_ok()) << expression << ": " << parsed.status().to_string();
  if (!parsed.is_ok()) return false;
  const auto s = subs(values, std::move(names));
  EXPECT_TRUE(check_defined(parsed->references, s, "ConditionExpression").is_ok()) << expression;
  auto result = evaluate(parsed->root, item_of(kItem), s);
  EXPECT_TRUE(result.is_ok()) << expression << ": " << result.status().to_string();
  return result.is_ok() && *result;
}

TEST(ConditionTest, ComparatorsOnEveryComparableType) {
  EXPECT_TRUE(holds("#c = :five", R"({":five": {"N": "5.0"}})", {{"#c", "count"}}));
  EXPECT_TRUE(holds("price > :ten", R"({":ten": {"N": "10"}})"));
  EXPECT_TRUE(holds("price <= :p", R"({":p": {"N": "10.50"}})"));
  EXPECT_TRUE(holds("#n < :z", R"({":z": {"S": "a"}})", {{"#n", "name"}}));  // "W" < "a" in bytes
  EXPECT_TRUE(holds("#n >= :w", R"({":w": {"S": "Widget"}})", {{"#n", "name"}}));
  EXPECT_TRUE(holds("#d > :b", R"({":b": {"B": "AQIC"}})", {{"#d", "data"}}));
  EXPECT_TRUE(holds("tags = :t", R"({":t": {"SS": ["small", "blue"]}})"));
  EXPECT_TRUE(holds("info.maker = :m", R"({":m": {"S": "acme"}})"));
  EXPECT_TRUE(holds("info.dims[2].z = :three", R"({":three": {"N": "3"}})"));
  EXPECT_TRUE(holds("flag = :t", R"({":t": {"BOOL": true}})"));
}

TEST(ConditionTest, MismatchedTypesAreFalseAndMissingAttributes) {
  EXPECT_FALSE(holds("#c = :s", R"({":s": {"S": "5"}})", {{"#c", "count"}}));
  EXPECT_FALSE(holds("#c < :s", R"({":s": {"S": "9"}})", {{"#c", "count"}}));
  EXPECT_FALSE(holds("#c > :s", R"({":s": {"S": "0"}})", {{"#c", "count"}}));
  EXPECT_FALSE(holds("missing = :v", R"({":v": {"N": "1"}})"));
  EXPECT_TRUE(holds("missing <> :v", R"({":v": {"N": "1"}})"));
  EXPECT_FALSE(holds("missing < :v", R"({":v": {"N": "1"}})"));
  EXPECT_FALSE(holds("flag < :t", R"({":t": {"BOOL": true}})"));  // BOOL is not ordered
}

TEST(ConditionTest, LogicalOperatorsBetweenInAndPrecedence) {
  const char* v = R"({":a": {"N": "1"}, ":b": {"N": "6"}, ":c": {"N": "5"}, ":x": {"N": "9"}})";
  EXPECT_TRUE(holds("#c BETWEEN :a AND :b", v, {{"#c", "count"}}));
  EXPECT_TRUE(holds("#c IN (:x, :c)", v, {{"#c", "count"}}));
  EXPECT_FALSE(holds("#c IN (:x, :a)", v, {{"#c", "count"}}));
  // AND binds tighter than OR; NOT tighter than AND.
  EXPECT_TRUE(holds("#c = :x AND #c = :a OR #c = :c", v, {{"#c", "count"}}));
  EXPECT_FALSE(holds("#c = :x AND (#c = :a OR #c = :c)", v, {{"#c", "count"}}));
  EXPECT_TRUE(holds("NOT #c = :x and not #c = :a", v, {{"#c", "count"}}));
}

TEST(ConditionTest, Functions) {
  EXPECT_TRUE(holds("attribute_exists(info.maker)"));
  EXPECT_TRUE(holds("attribute_not_exists(lastEventId)"));
  EXPECT_TRUE(holds("attribute_type(#c, :n)", R"({":n": {"S": "N"}})", {{"#c", "count"}}));
  EXPECT_TRUE(holds("attribute_type(nothing, :t)", R"({":t": {"S": "NULL"}})"));
  EXPECT_TRUE(holds("begins_with(#n, :w)", R"({":w": {"S": "Wid"}})", {{"#n", "name"}}));
  EXPECT_FALSE(holds("begins_with(#n, :w)", R"({":w": {"S": "wid"}})", {{"#n", "name"}}));
  EXPECT_TRUE(holds("contains(tags, :b)", R"({":b": {"S": "blue"}})"));
  EXPECT_TRUE(holds("contains(nums, :two)", R"({":two": {"N": "2.0"}})"));
  EXPECT_TRUE(holds("contains(#n, :g)", R"({":g": {"S": "dge"}})", {{"#n", "name"}}));
  EXPECT_TRUE(holds("contains(#l, :seven)", R"({":seven": {"N": "7"}})", {{"#l", "list"}}));
  EXPECT_TRUE(holds("size(tags) = :two", R"({":two": {"N": "2"}})"));
  EXPECT_TRUE(holds("size(#n) > :five", R"({":five": {"N": "5"}})", {{"#n", "name"}}));
  EXPECT_TRUE(holds("size(info.dims) = :three", R"({":three": {"N": "3"}})"));
}

TEST(ConditionTest, TheWinnersConditionOnSequenceNumbers) {
  // functions.md: `attribute_not_exists(lastEventId) OR lastEventId < :eventId`,
  // eventIds of one shard compare as strings.
  auto parsed = parse_condition("attribute_not_exists(lastEventId) OR lastEventId < :eventId",
                                "ConditionExpression");
  ASSERT_TRUE(parsed.is_ok());
  const auto older = subs(
      R"({":eventId": {"S": "shardId-000000000000:49000000000000000000000000000000000000000000000000000001"}})");
  const auto newer = subs(
      R"({":eventId": {"S": "shardId-000000000000:49000000000000000000000000000000000000000000000000000009"}})");
  const Item fresh;
  const Item seen = item_of(
      R"({"lastEventId": {"S": "shardId-000000000000:49000000000000000000000000000000000000000000000000000005"}})");
  EXPECT_TRUE(*evaluate(parsed->root, fresh, older));
  EXPECT_FALSE(*evaluate(parsed->root, seen, older));
  EXPECT_TRUE(*evaluate(parsed->root, seen, newer));
}

TEST(ParseErrorTest, SyntaxErrorsNameTheTokenAndWhereItIs) {
  struct Case {
    const char* expression;
    bool update;
    const char* message;
  };
  const Case cases[] = {
      {"SET a = ", true, "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"= \""},
      {"SET a = :v,", true,
       "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\""},
      {"SET a :v", true, "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\""},
      {"UPSERT a = :v", true,
       "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT\""},
      {"SET a = :v SET b = :v", true,
       "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
       "expression;"},
      {"SET a = :v + ", true,
       "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+ \""},
      {"SET a = foo(b, :v)", true,
       "Invalid UpdateExpression: Invalid function name; function: foo"},
      {"", true, "Invalid UpdateExpression: The expression can not be empty;"},
      {"a = = :v", false, "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= =\""},
      {"a BETWEEN :x", false,
       "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":x\""},
      {"(a = :v", false,
       "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\""},
      {"a = :v)", false, "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\""},
      {"a $ :v", false, "Invalid ConditionExpression: Syntax error; token: \"$\", near: \"$ \""},
      {"exists(a)", false, "Invalid ConditionExpression: Invalid function name; function: exists"},
      {"attribute_exists(a, b)", false,
       "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
       "operator or function: attribute_exists, number of operands: 2"},
      {"attribute_exists(:v)", false,
       "Invalid ConditionExpression: Operator or function requires a document path; operator or "
       "function: attribute_exists"},
      {"a = # ", false, "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"# \""},
  };
  for (const auto& c : cases) {
    const Status status = c.update ? parse_update(c.expression).status()
                                   : parse_condition(c.expression, "ConditionExpression").status();
    ASSERT_FALSE(status.is_ok()) << c.expression;
    EXPECT_EQ(status.error().type, "ValidationException") << c.expression;
    EXPECT_EQ(status.error().message, c.message) << c.expression;
  }
}

TEST(ParseErrorTest, UndefinedNamesAndValuesAreNamed) {
  auto parsed = parse_condition("#a = :b", "ConditionExpression");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(check_defined(parsed->references, subs(R"({":b": {"N": "1"}})"), "ConditionExpression")
                .error()
                .message,
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; "
            "attribute name: #a");
  EXPECT_EQ(check_defined(parsed->references, subs("{}", {{"#a", "x"}}), "ConditionExpression")
                .error()
                .message,
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; "
            "attribute value: :b");
  // Several names, defined ones interleaved with missing ones and extras: the
  // first missing in name order is reported, and all defined is fine.
  auto several =
      parse_condition("#d = :w AND #b = :y AND #a = :x AND #e = :v", "ConditionExpression");
  ASSERT_TRUE(several.is_ok());
  const char* some_values =
      R"({":a": {"N": "1"}, ":w": {"N": "1"}, ":x": {"N": "1"}, ":z": {"N": "1"}})";
  EXPECT_EQ(check_defined(several->references,
                          subs(some_values, {{"#a", "a"}, {"#c", "c"}, {"#d", "d"}, {"#e", "e"}}),
                          "ConditionExpression")
                .error()
                .message,
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #b");
  EXPECT_EQ(check_defined(several->references,
                          subs(some_values, {{"#a", "a"}, {"#b", "b"}, {"#d", "d"}, {"#e", "e"}}),
                          "ConditionExpression")
                .error()
                .message,
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :v");
  EXPECT_TRUE(check_defined(several->references,
                            subs(R"({":v": {"N": "1"}, ":w": {"N": "1"}, ":x": {"N": "1"},
                                     ":y": {"N": "1"}})",
                                 {{"#a", "a"}, {"#b", "b"}, {"#d", "d"}, {"#e", "e"}}),
                            "ConditionExpression")
                  .is_ok());
}

Item updated(const char* expression, const char* values, const char* item_json,
             NameMap names = {}) {
  auto parsed = parse_update(expression);
  EXPECT_TRUE(parsed.is_ok()) << expression << ": " << parsed.status().to_string();
  const auto s = subs(values, std::move(names));
  EXPECT_TRUE(check_update_paths(*parsed, s).is_ok()) << expression;
  auto out = apply_update(*parsed, item_of(item_json), s);
  EXPECT_TRUE(out.is_ok()) << expression << ": " << out.status().to_string();
  return out.is_ok() ? *out : Item{};
}

std::string dump(const Item& item) { return item_to_json(item).dump(); }

TEST(UpdateTest, SetWithArithmeticIfNotExistsAndListAppend) {
  EXPECT_EQ(dump(updated("SET #c = if_not_exists(#c, :z) + :one",
                         R"({":z": {"N": "0"}, ":one": {"N": "1"}})", "{}", {{"#c", "count"}})),
            R"({"count":{"N":"1"}})");
  EXPECT_EQ(dump(updated("SET #c = if_not_exists(#c, :z) + :one",
                         R"({":z": {"N": "0"}, ":one": {"N": "1"}})", R"({"count": {"N": "41"}})",
                         {{"#c", "count"}})),
            R"({"count":{"N":"42"}})");
  EXPECT_EQ(dump(updated("SET a = b - :d", R"({":d": {"N": "0.2"}})", R"({"b": {"N": "0.3"}})")),
            R"({"a":{"N":"0.1"},"b":{"N":"0.3"}})");
  EXPECT_EQ(dump(updated("SET l = list_append(l, :more)", R"({":more": {"L": [{"S": "c"}]}})",
                         R"({"l": {"L": [{"S": "a"}]}})")),
            R"({"l":{"L":[{"S":"a"},{"S":"c"}]}})");
  // Every operand sees the item as it was before the update.
  EXPECT_EQ(dump(updated("SET a = b, b = a", "{}", R"({"a": {"N": "1"}, "b": {"N": "2"}})")),
            R"({"a":{"N":"2"},"b":{"N":"1"}})");
}

TEST(UpdateTest, TheWinnersPurchaseUpdate) {
  // functions.md: photographerScore only moves once a photographer registered.
  const char* expression =
      "SET creatorScore = if_not_exists(creatorScore, :zero) + :one, "
      "photographerScore = if_not_exists(photographerExists, if_not_exists(photographerScore, "
      ":zero)) + :one, "
      "creator = if_not_exists(creator, :unknown), lastEventId = :eventId";
  const char* values =
      R"({":zero": {"N": "0"}, ":one": {"N": "1"}, ":unknown": {"S": "UNKNOWN"}, ":eventId": {"S": "e2"}})";
  EXPECT_EQ(
      dump(updated(expression, values,
                   R"({"productId": {"S": "p"}, "photographerExists": {"N": "-1"}})")),
      R"({"creator":{"S":"UNKNOWN"},"creatorScore":{"N":"1"},"lastEventId":{"S":"e2"},"photographerExists":{"N":"-1"},"photographerScore":{"N":"0"},"productId":{"S":"p"}})");
}

TEST(UpdateTest, RemoveAddDeleteAndNestedPaths) {
  EXPECT_EQ(
      dump(updated(
          "REMOVE a, m.x, l[0]", "{}",
          R"({"a": {"N": "1"}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}, "l": {"L": [{"N": "1"}, {"N": "2"}]}})")),
      R"({"l":{"L":[{"N":"2"}]},"m":{"M":{"y":{"N":"2"}}}})");
  EXPECT_EQ(
      dump(updated("ADD n :two, s :more", R"({":two": {"N": "2"}, ":more": {"SS": ["b", "c"]}})",
                   R"({"s": {"SS": ["a", "b"]}})")),
      R"({"n":{"N":"2"},"s":{"SS":["a","b","c"]}})");
  EXPECT_EQ(dump(updated("DELETE s :gone", R"({":gone": {"SS": ["a", "b"]}})",
                         R"({"s": {"SS": ["a", "b"]}})")),
            "{}");
  EXPECT_EQ(dump(updated("SET m.z = :v, l[5] = :v", R"({":v": {"N": "9"}})",
                         R"({"m": {"M": {}}, "l": {"L": []}})")),
            R"({"l":{"L":[{"N":"9"}]},"m":{"M":{"z":{"N":"9"}}}})");
}

// One path a prefix of the other overlaps; siblings, other list elements and
// longer names sharing a prefix of characters do not. Names compare after
// #name substitution.
TEST(UpdateTest, PathsOverlapWhenOneIsAPrefixOfTheOtherAfterSubstitution) {
  const auto overlaps = [](const char* expression) {
    auto parsed = parse_update(expression);
    EXPECT_TRUE(parsed.is_ok()) << expression;
    return !check_update_paths(*parsed, subs(R"({":v": {"N": "1"}})", {{"#m", "m"}, {"#x", "x"}}))
                .is_ok();
  };
  EXPECT_TRUE(overlaps("SET m.x = :v, m.x.y = :v"));
  EXPECT_TRUE(overlaps("SET l[1] = :v, l[1].x = :v"));
  EXPECT_TRUE(overlaps("SET #m.x = :v REMOVE m"));
  EXPECT_TRUE(overlaps("SET m.#x = :v, m.x = :v"));
  EXPECT_TRUE(overlaps("SET a = :v, b = :v, a = :v"));
  EXPECT_FALSE(overlaps("SET m.x = :v, m.y = :v"));
  EXPECT_FALSE(overlaps("SET l[1] = :v, l[2] = :v"));
  EXPECT_FALSE(overlaps("SET m.x = :v, mx = :v, m.xy = :v"));
  EXPECT_FALSE(overlaps("SET #m.x = :v, #x.m = :v"));
}

TEST(UpdateTest, ErrorsUseDynamoDbWording) {
  auto overlap = parse_update("SET a = :v, a.b = :v");
  ASSERT_TRUE(overlap.is_ok());
  EXPECT_EQ(check_update_paths(*overlap, subs(R"({":v": {"N": "1"}})")).error().message,
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of "
            "these paths; path one: [a], path two: [a, b]");
  auto indexed = parse_update("SET l[1] = :v, l[1].x = :v");  // list elements shown as [n]
  ASSERT_TRUE(indexed.is_ok());
  EXPECT_EQ(check_update_paths(*indexed, subs(R"({":v": {"N": "1"}})")).error().message,
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [l, [1]], path two: [l, [1], x]");
  auto missing_parent = parse_update("SET m.x = :v");
  EXPECT_EQ(apply_update(*missing_parent, Item{}, subs(R"({":v": {"N": "1"}})")).error().message,
            "The document path provided in the update expression is invalid for update");
  auto wrong_add = parse_update("ADD a :s");
  EXPECT_EQ(apply_update(*wrong_add, Item{}, subs(R"({":s": {"S": "x"}})")).error().message,
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: S");
  auto wrong_plus = parse_update("SET a = b + :one");
  EXPECT_EQ(
      apply_update(*wrong_plus, item_of(R"({"b": {"S": "x"}})"), subs(R"({":one": {"N": "1"}})"))
          .error()
          .message,
      "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(apply_update(*wrong_plus, Item{}, subs(R"({":one": {"N": "1"}})")).error().message,
            "The provided expression refers to an attribute that does not exist in the item");
}

TEST(ProjectionTest, TopLevelAndNestedPaths) {
  auto parsed = parse_projection("id, info.dims[1], #n, missing");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(dump(project(item_of(kItem), parsed->paths, subs("{}", {{"#n", "name"}}))),
            R"({"id":{"S":"p1"},"info":{"M":{"dims":{"L":[{"N":"2"}]}}},"name":{"S":"Widget"}})");
}

TEST(ExpressionCacheTest, ParsesEachTextOnce) {
  ExpressionCache cache;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(cache.update("SET #c = if_not_exists(#c, :z) + :one").is_ok());
    ASSERT_TRUE(cache.condition("attribute_not_exists(pk)", "ConditionExpression").is_ok());
  }
  EXPECT_EQ(cache.parses(), 2u);
  ASSERT_TRUE(cache.condition("attribute_not_exists(pk)", "FilterExpression").is_ok());
  EXPECT_EQ(cache.parses(), 3u);
  EXPECT_FALSE(cache.update("SET").is_ok());
}

// What a request's shape is made of (checked_shapes.h): the cached tree of
// a text, found without parsing; null for a text never parsed, a text that
// failed to parse, or a condition of another kind.
TEST(ExpressionCacheTest, CachedExpressionsAreFoundWithoutParsing) {
  ExpressionCache cache;
  EXPECT_EQ(cache.cached_condition("attribute_exists(a)", "ConditionExpression"), nullptr);
  EXPECT_EQ(cache.cached_projection("a, b"), nullptr);
  auto condition = cache.condition("attribute_exists(a)", "ConditionExpression");
  auto projection = cache.projection("a, b");
  ASSERT_TRUE(condition.is_ok() && projection.is_ok());
  EXPECT_FALSE(cache.condition("attribute_exists(", "ConditionExpression").is_ok());
  EXPECT_EQ(cache.parses(), 3u);
  // Past the few recent texts, so the map is searched too.
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(cache.condition("b = :v" + std::to_string(i), "ConditionExpression").is_ok());
  EXPECT_EQ(cache.cached_condition("attribute_exists(a)", "ConditionExpression"), *condition);
  EXPECT_EQ(cache.cached_condition("attribute_exists(a)", "ConditionExpression"), *condition);
  EXPECT_EQ(cache.cached_projection("a, b"), *projection);
  EXPECT_EQ(cache.cached_condition("attribute_exists(a)", "FilterExpression"), nullptr);
  EXPECT_EQ(cache.cached_condition("attribute_exists(", "ConditionExpression"), nullptr);
  EXPECT_EQ(cache.parses(), 13u);
}

// The few texts used last are compared before the map is searched: texts of
// one length that differ in a byte are told apart, and more texts than that
// front holds still come back as the same parsed trees, each parsed once.
TEST(ExpressionCacheTest, RecentTextsAreToldApartAndParsedOnce) {
  ExpressionCache cache;
  std::vector<std::shared_ptr<const ParsedUpdate>> first;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 12; ++i) {
      auto parsed = cache.update("SET #a = :v" + std::to_string(i % 10) + (i < 10 ? "" : "x"));
      ASSERT_TRUE(parsed.is_ok());
      if (round == 0) {
        first.push_back(*parsed);
      } else {
        EXPECT_EQ(parsed->get(), first[static_cast<std::size_t>(i)].get()) << i;
      }
    }
  }
  EXPECT_EQ(cache.parses(), 12u);
  for (std::size_t i = 1; i < first.size(); ++i) EXPECT_NE(first[i].get(), first[i - 1].get());
  // The kind is part of a condition's key, in the front as in the map.
  auto as_condition = cache.condition("attribute_exists(a)", "ConditionExpression");
  auto as_filter = cache.condition("attribute_exists(a)", "FilterExpression");
  ASSERT_TRUE(as_condition.is_ok() && as_filter.is_ok());
  EXPECT_NE(as_condition->get(), as_filter->get());
  EXPECT_EQ(cache.condition("attribute_exists(a)", "ConditionExpression")->get(),
            as_condition->get());
}

}  // namespace
}  // namespace streamlab::dynamodb::expressions
