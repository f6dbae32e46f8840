// The winners' reading of egress events (../shared/functions.md, "Events on the streams").
#include "emulator/functions/egress_event.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace streamlab::functions {
namespace {

using nlohmann::json;

json purchase() {
  return {{"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
          {"origin", "hello-retail/web-client/buyer-1/Buyer"},
          {"timeOrigin", "2017-03-28T23:29:23.160Z"},
          {"data", {{"schema", "com.nordstrom/product/purchase/1-0-0"}, {"id", "p1"}}},
          {"eventId", "shardId-000000000000:1"},
          {"timeIngest", "2017-03-28T23:29:24.000Z"},
          {"timeProcess", "2017-03-28T23:29:25.000Z"}};
}

std::string error_of(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_egress_event(text, error).has_value()) << text;
  return error;
}

TEST(EgressEventTest, ReadsEachKind) {
  std::string error;
  auto read = parse_egress_event(purchase().dump(), error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->kind, EgressEvent::Kind::kPurchase);
  EXPECT_EQ(read->product_id, "p1");
  EXPECT_EQ(read->origin, "hello-retail/web-client/buyer-1/Buyer");
  EXPECT_EQ(read->time_origin, "2017-03-28T23:29:23.160Z");
  EXPECT_EQ(read->event_id, "shardId-000000000000:1");
  json create = purchase();
  create["data"] = {{"schema", "com.nordstrom/product/create/1-0-0"},
                    {"id", "p2"},
                    {"brand", "b"},
                    {"name", "n"},
                    {"description", "d"},
                    {"category", "c"}};
  read = parse_egress_event(create.dump(), error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->kind, EgressEvent::Kind::kCreate);
  json image = purchase();
  image["data"] = {
      {"schema", "com.nordstrom/product/image/1-0-0"}, {"id", "p3"}, {"image", "https://x/p3"}};
  read = parse_egress_event(image.dump(), error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->kind, EgressEvent::Kind::kImage);
  EXPECT_EQ(read->product_id, "p3");
}

TEST(EgressEventTest, NamesWhatIsWrong) {
  EXPECT_EQ(error_of("not json"), "data is not a JSON object");
  EXPECT_EQ(error_of("[1,2]"), "data is not a JSON object");
  EXPECT_EQ(error_of(purchase().dump() + "x"), "data is not a JSON object");
  json extra = purchase();
  extra["zeta"] = 1;
  extra["beta"] = {{"nested", true}};
  EXPECT_EQ(error_of(extra.dump()), "unexpected field beta");  // the alphabetically first
  json missing = purchase();
  missing.erase("timeIngest");
  EXPECT_EQ(error_of(missing.dump()), "missing or invalid field timeIngest");
  json not_string = purchase();
  not_string["eventId"] = 5;
  not_string["origin"] = json::array();
  EXPECT_EQ(error_of(not_string.dump()), "missing or invalid field eventId");
  json schema = purchase();
  schema["schema"] = "com.nordstrom/retail-stream-ingress/1-0-0";
  EXPECT_EQ(error_of(schema.dump()), "schema is not com.nordstrom/retail-stream-egress/1-0-0");
  const std::string mismatch = "data does not match a product create, image or purchase schema";
  json scalar_data = purchase();
  scalar_data["data"] = "p1";
  EXPECT_EQ(error_of(scalar_data.dump()), mismatch);
  json extra_body = purchase();
  extra_body["data"]["n"] = 3;
  EXPECT_EQ(error_of(extra_body.dump()), mismatch);
  json nested_body = purchase();
  nested_body["data"]["id"] = {{"id", "p1"}};
  EXPECT_EQ(error_of(nested_body.dump()), mismatch);
}

// A field named like an envelope field, of the same length but one letter
// off (first, middle or last), is not that field.
TEST(EgressEventTest, NearMissesOfEnvelopeNamesAreUnexpected) {
  for (const char* name : {"Schema", "schemA", "origiN", "xrigin", "dAta", "eventID", "EventId",
                           "timeorigin", "timeOrigiN", "timeIngesT", "TimeIngest", "timeProcesS"}) {
    json extra = purchase();
    extra[name] = "x";
    EXPECT_EQ(error_of(extra.dump()), std::string("unexpected field ") + name);
  }
}

// As when the text is parsed to a document: the last of duplicate keys counts.
TEST(EgressEventTest, TheLastOfDuplicateKeysCounts) {
  std::string text = purchase().dump();
  text.insert(1, R"("eventId":7,"data":{"schema":"x"},)");
  std::string error;
  auto read = parse_egress_event(text, error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->event_id, "shardId-000000000000:1");
  EXPECT_EQ(json::parse(text)["eventId"], read->event_id);  // the document's reading
  text = purchase().dump();
  text.insert(text.size() - 1, R"(,"eventId":7)");
  EXPECT_EQ(error_of(text), "missing or invalid field eventId");
}

// Plain records are read without nlohmann's lexer; whatever the bytes, the
// outcome (event or error) must be the general parser's. Valid events of each
// kind, laid out in different ways, then mutated byte by byte and truncated.
TEST(EgressEventTest, ThePlainJsonPathAgreesWithTheGeneralParser) {
  std::vector<std::string> corpus;
  json create = purchase();
  create["data"] = {{"schema", "com.nordstrom/product/create/1-0-0"},
                    {"id", "p\u00e9 \"q\""},
                    {"brand", "b"},
                    {"name", "n/x"},
                    {"description", "d\n"},
                    {"category", "c"}};
  json image = purchase();
  image["data"] = {
      {"schema", "com.nordstrom/product/image/1-0-0"}, {"id", "p2"}, {"image", "https://i/2.jpg"}};
  json extra = purchase();
  extra["data"]["n"] = {1, -2, 3.5, true, nullptr, json::object({{"k", "v"}}), "日本"};
  for (const json& event : {purchase(), create, image, extra}) {
    corpus.push_back(event.dump());
    corpus.push_back(event.dump(2));
    corpus.push_back(event.dump(-1, ' ', true));  // \u escapes for non-ASCII
  }
  // In the fanout's field order, and with "data" given twice (the last counts).
  const std::string fanout_order =
      R"({"schema":"com.nordstrom/retail-stream-egress/1-0-0","origin":"o","timeOrigin":"t",)"
      R"("data":{"schema":"com.nordstrom/product/purchase/1-0-0","id":"p9"},"eventId":"e",)"
      R"("timeIngest":"i","timeProcess":"p"})";
  corpus.push_back(fanout_order);
  corpus.push_back(R"({"data":{"schema":"com.nordstrom/product/purchase/1-0-0","id":"p0"},)" +
                   fanout_order.substr(1));
  corpus.push_back(R"({"schema":"a\/b","x":1})");
  corpus.push_back(R"( {"data":{"id":"1","id":"2"}} )");
  corpus.push_back("\xEF\xBB\xBF" + purchase().dump());
  corpus.push_back(R"({"data":123456789012345678901234567890})");
  corpus.push_back(R"({"data":-0,"x":01})");
  corpus.push_back("[1]");
  corpus.push_back("");
  std::mt19937 random(7);
  const std::size_t seeds = corpus.size();
  for (std::size_t i = 0; i < seeds; ++i) {
    for (int mutation = 0; mutation < 150; ++mutation) {
      std::string text = corpus[i];
      if (text.empty()) break;
      const std::size_t at = random() % text.size();
      static constexpr char kBytes[] = {'"', '\\', '{', '}', '[', ']', ':',    ',',    ' ',   'u',
                                        '0', '-',  '.', 'e', 't', 'n', '\x01', '\xC3', '\xFF'};
      switch (random() % 3) {
        case 0:
          text[at] = kBytes[random() % sizeof kBytes];
          break;
        case 1:
          text.erase(at, 1 + random() % 3);
          break;
        default:
          text.resize(at);
      }
      corpus.push_back(std::move(text));
    }
  }
  for (const std::string& text : corpus) {
    std::string fast_error, general_error;
    const auto fast = parse_egress_event(text, fast_error);
    const auto general = parse_egress_event_general(text, general_error);
    ASSERT_EQ(fast.has_value(), general.has_value()) << text;
    EXPECT_EQ(fast_error, general_error) << text;
    if (!fast) continue;
    EXPECT_EQ(fast->kind, general->kind) << text;
    EXPECT_EQ(fast->product_id, general->product_id) << text;
    EXPECT_EQ(fast->origin, general->origin) << text;
    EXPECT_EQ(fast->time_origin, general->time_origin) << text;
    EXPECT_EQ(fast->event_id, general->event_id) << text;
  }
}

}  // namespace
}  // namespace streamlab::functions
