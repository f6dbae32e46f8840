#include "emulator/functions/egress_event.h"

#include <array>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "emulator/core/plain_text.h"
#include "emulator/core/short_text.h"
#include "emulator/functions/compact_json.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using nlohmann::json_sax;

constexpr std::string_view kEgressSchema = "com.nordstrom/retail-stream-egress/1-0-0";

// The fields of an egress envelope; an event has exactly these.
constexpr std::array<std::string_view, 7> kEnvelope = {
    "schema", "origin", "timeOrigin", "data", "eventId", "timeIngest", "timeProcess"};

// Every record names all seven (eleven lookups a record), so the candidate
// is picked by length and one letter before the one comparison.
constexpr int envelope_field(std::string_view name) {
  int candidate = -1;
  switch (name.size()) {
    case 4:  // data
      candidate = 3;
      break;
    case 6:  // schema, origin
      candidate = name[0] == 's' ? 0 : 1;
      break;
    case 7:  // eventId
      candidate = 4;
      break;
    case 10:  // timeOrigin, timeIngest
      candidate = name[4] == 'O' ? 2 : 5;
      break;
    case 11:  // timeProcess
      candidate = 6;
      break;
    default:
      return -1;
  }
  const std::string_view expected = kEnvelope[static_cast<std::size_t>(candidate)];
  // Word compares, not a memcmp call per lookup (the static_asserts below
  // take the constexpr path).
  if (std::is_constant_evaluated()) return expected == name ? candidate : -1;
  return equal_short(expected, name) ? candidate : -1;
}
static_assert(envelope_field("schema") == 0 && envelope_field("origin") == 1 &&
              envelope_field("timeOrigin") == 2 && envelope_field("data") == 3 &&
              envelope_field("eventId") == 4 && envelope_field("timeIngest") == 5 &&
              envelope_field("timeProcess") == 6 && envelope_field("datum") == -1 &&
              envelope_field("timeOriginx") == -1 && envelope_field("") == -1);
constexpr int kSchema = envelope_field("schema"), kOrigin = envelope_field("origin"),
              kTimeOrigin = envelope_field("timeOrigin"), kData = envelope_field("data"),
              kEventId = envelope_field("eventId");

constexpr std::array<std::string_view, 6> kCreateFields = {"schema", "id",          "brand",
                                                           "name",   "description", "category"};
constexpr std::array<std::string_view, 3> kImageFields = {"schema", "id", "image"};
constexpr std::array<std::string_view, 2> kPurchaseFields = {"schema", "id"};

struct Field {
  bool present = false;
  bool is_string = false;
  std::string text;
};

// Reads an egress event in one pass without building a document (the winners
// read every record): the envelope's fields, and the fields of its "data"
// object. Duplicate keys: the last one counts, as when parsing to a document.
class EgressReader final : public json_sax<json> {
 public:
  std::array<Field, kEnvelope.size()> envelope;
  std::vector<std::pair<std::string, Field>> body;  // data's fields, when data is an object
  bool data_is_object = false;
  bool top_is_object = false;
  std::optional<std::string> unexpected;  // the alphabetically first unexpected field

  bool null() override { return scalar(nullptr); }
  bool boolean(bool) override { return scalar(nullptr); }
  bool number_integer(number_integer_t) override { return scalar(nullptr); }
  bool number_unsigned(number_unsigned_t) override { return scalar(nullptr); }
  bool number_float(number_float_t, const string_t&) override { return scalar(nullptr); }
  bool string(string_t& text) override { return scalar(&text); }
  bool binary(binary_t&) override { return scalar(nullptr); }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (depth_ == 1) {
      top_key_ = std::move(name);
    } else if (depth_ == 2 && in_data_) {
      data_key_ = std::move(name);
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // A value at the current depth: a string (text) or anything else (null).
  bool scalar(std::string* text) {
    if (depth_ == 0) return false;  // the document is not an object
    if (depth_ == 1) set_top(text);
    if (depth_ == 2 && in_data_) set_body(text);
    return true;
  }
  bool open(bool object) {
    if (depth_ == 0) {
      if (!object) return false;
      top_is_object = true;
    } else if (depth_ == 1) {
      set_top(nullptr);
      if (top_key_ == "data" && object) {
        data_is_object = true;
        in_data_ = true;
      }
    } else if (depth_ == 2 && in_data_) {
      set_body(nullptr);
    }
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    if (depth_ == 1) in_data_ = false;
    return true;
  }
  void set_top(std::string* text) {
    const int index = envelope_field(top_key_);
    if (index < 0) {
      if (!unexpected || top_key_ < *unexpected) unexpected = top_key_;
      return;
    }
    envelope[static_cast<std::size_t>(index)] = {true, text != nullptr,
                                                 text ? std::move(*text) : std::string()};
    if (top_key_ == "data") {  // a later "data" replaces an earlier one
      data_is_object = false;
      body.clear();
    }
  }
  void set_body(std::string* text) {
    Field field{true, text != nullptr, text ? std::move(*text) : std::string()};
    for (auto& [name, existing] : body) {
      if (name == data_key_) {
        existing = std::move(field);
        return;
      }
    }
    body.emplace_back(data_key_, std::move(field));
  }

  int depth_ = 0;
  bool in_data_ = false;
  std::string top_key_, data_key_;
};

// Drives a SAX reader over plain JSON exactly as nlohmann's sax_parse would:
// strings with no \u escapes and valid UTF-8, integers read exactly,
// literals, objects and arrays up to 64 deep, JSON whitespace. Returns false
// on anything else — or when the reader stops — and the caller parses again
// with nlohmann, which decides and words the error; the records the winners
// read are all plain, and nlohmann's lexer was most of their reading time.
class PlainSaxDriver {
 public:
  PlainSaxDriver(std::string_view text, json_sax<json>& reader)
      : p_(text.data()), end_(text.data() + text.size()), reader_(reader) {}

  bool run() {
    skip_space();
    if (!value(0)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool consume(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  bool value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"': {
        if (!string()) return false;
        return reader_.string(text_);
      }
      case 't':
        return word("true") && reader_.boolean(true);
      case 'f':
        return word("false") && reader_.boolean(false);
      case 'n':
        return word("null") && reader_.null();
      default:
        return integer();
    }
  }

  bool object(int depth) {
    if (depth > kMaxDepth || !consume('{') || !reader_.start_object(std::size_t(-1))) return false;
    skip_space();
    if (consume('}')) return reader_.end_object();
    for (;;) {
      skip_space();
      if (!string() || !reader_.key(text_)) return false;
      skip_space();
      if (!consume(':')) return false;
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (consume('}')) return reader_.end_object();
      if (!consume(',')) return false;
    }
  }

  bool array(int depth) {
    if (depth > kMaxDepth || !consume('[') || !reader_.start_array(std::size_t(-1))) return false;
    skip_space();
    if (consume(']')) return reader_.end_array();
    for (;;) {
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (consume(']')) return reader_.end_array();
      if (!consume(',')) return false;
    }
  }

  // A string into text_, unescaped.
  bool string() {
    if (!consume('"')) return false;
    text_.clear();
    const char* run = p_;  // bytes not yet copied, appended in one go
    while (p_ < end_) {
      p_ += plain_ascii_run(p_, end_);
      if (p_ == end_) break;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        text_.append(run, p_);
        ++p_;
        return true;
      }
      if (c == '\\') {
        text_.append(run, p_);
        if (p_ + 1 >= end_) return false;
        switch (p_[1]) {
          case '"':
          case '\\':
          case '/':
            text_ += p_[1];
            break;
          case 'b':
            text_ += '\b';
            break;
          case 'f':
            text_ += '\f';
            break;
          case 'n':
            text_ += '\n';
            break;
          case 'r':
            text_ += '\r';
            break;
          case 't':
            text_ += '\t';
            break;
          default:  // \u, or not an escape
            return false;
        }
        p_ += 2;
        run = p_;
        continue;
      }
      if (c < 0x20) return false;
      const std::size_t n = utf8_sequence_length(std::string_view(p_, end_ - p_));
      if (n == 0) return false;
      p_ += n;
    }
    return false;
  }

  bool word(std::string_view text) {
    if (static_cast<std::size_t>(end_ - p_) < text.size() ||
        std::string_view(p_, text.size()) != text)
      return false;
    p_ += text.size();
    return true;
  }

  // The winners treat every number alike, so only its acceptance matters:
  // integers nlohmann reads exactly; other numbers go the general way.
  bool integer() {
    const std::size_t n = exact_integer_length(std::string_view(p_, end_ - p_));
    if (n == 0) return false;
    const bool negative = *p_ == '-';
    p_ += n;
    return negative ? reader_.number_integer(0) : reader_.number_unsigned(0);
  }

  const char* p_;
  const char* end_;
  json_sax<json>& reader_;
  std::string text_;
};

const Field* body_field(const EgressReader& reader, std::string_view name) {
  for (const auto& [key, field] : reader.body) {
    if (key == name) return &field;
  }
  return nullptr;
}

// data has exactly these fields, each a string.
template <std::size_t N>
bool has_exactly(const EgressReader& reader, const std::array<std::string_view, N>& fields) {
  if (!reader.data_is_object || reader.body.size() != N) return false;
  for (const auto& name : fields) {
    const Field* field = body_field(reader, name);
    if (!field || !field->is_string) return false;
  }
  return true;
}

// What the reader collected, checked and turned into an event.
std::optional<EgressEvent> event_of(EgressReader& reader, std::string& error) {
  if (!reader.top_is_object) {
    error = "data is not a JSON object";
    return std::nullopt;
  }
  if (reader.unexpected) {
    error = "unexpected field " + *reader.unexpected;
    return std::nullopt;
  }
  // Reported in alphabetical order.
  for (const std::string_view name :
       {"data", "eventId", "origin", "schema", "timeIngest", "timeOrigin", "timeProcess"}) {
    const Field& field = reader.envelope[static_cast<std::size_t>(envelope_field(name))];
    if (!field.present || (name != "data" && !field.is_string)) {
      error = "missing or invalid field " + std::string(name);
      return std::nullopt;
    }
  }
  const auto text = [&reader](std::string_view name) -> std::string& {
    return reader.envelope[static_cast<std::size_t>(envelope_field(name))].text;
  };
  if (text("schema") != kEgressSchema) {
    error = "schema is not com.nordstrom/retail-stream-egress/1-0-0";
    return std::nullopt;
  }
  const Field* schema_field = reader.data_is_object ? body_field(reader, "schema") : nullptr;
  const std::string schema =
      schema_field && schema_field->is_string ? schema_field->text : std::string();
  EgressEvent out;
  if (schema == "com.nordstrom/product/create/1-0-0" && has_exactly(reader, kCreateFields)) {
    out.kind = EgressEvent::Kind::kCreate;
  } else if (schema == "com.nordstrom/product/image/1-0-0" && has_exactly(reader, kImageFields)) {
    out.kind = EgressEvent::Kind::kImage;
  } else if (schema == "com.nordstrom/product/purchase/1-0-0" &&
             has_exactly(reader, kPurchaseFields)) {
    out.kind = EgressEvent::Kind::kPurchase;
  } else {
    error = "data does not match a product create, image or purchase schema";
    return std::nullopt;
  }
  out.product_id = body_field(reader, "id")->text;
  out.origin = std::move(text("origin"));
  out.time_origin = std::move(text("timeOrigin"));
  out.event_id = std::move(text("eventId"));
  return out;
}

// The compact form the fanout writes, read in place without a SAX reader: an
// object of the seven envelope fields, each a string of plain ASCII without
// escapes, "data" an object of such strings; no whitespace, no repeated
// names. Returns only valid events (the caller reads anything else, errors
// included, the general way), read exactly as that way reads them.
std::optional<EgressEvent> read_compact(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const auto consume = [&p, end](char c) {
    if (p == end || *p != c) return false;
    ++p;
    return true;
  };
  const auto string = [&p, end](std::string_view& out) {
    if (p == end || *p != '"') return false;
    ++p;
    const std::size_t length = plain_ascii_run(p, end);
    if (p + length == end || p[length] != '"') return false;  // an escape, a byte beyond ASCII
    out = std::string_view(p, length);
    p += length + 1;
    return true;
  };
  std::array<std::string_view, kEnvelope.size()> envelope;
  std::array<bool, kEnvelope.size()> seen{};
  std::array<std::pair<std::string_view, std::string_view>, kCreateFields.size()> body;
  std::size_t body_size = 0;
  if (!consume('{')) return std::nullopt;
  for (;;) {
    std::string_view name;
    if (!string(name) || !consume(':')) return std::nullopt;
    const int field = envelope_field(name);
    if (field < 0 || seen[static_cast<std::size_t>(field)]) return std::nullopt;
    seen[static_cast<std::size_t>(field)] = true;
    if (field == kData) {
      if (!consume('{')) return std::nullopt;
      for (;;) {
        std::string_view key, value;
        if (body_size == body.size() || !string(key) || !consume(':') || !string(value))
          return std::nullopt;
        for (std::size_t i = 0; i < body_size; ++i) {
          if (body[i].first == key) return std::nullopt;
        }
        body[body_size++] = {key, value};
        if (consume('}')) break;
        if (!consume(',')) return std::nullopt;
      }
    } else if (!string(envelope[static_cast<std::size_t>(field)])) {
      return std::nullopt;
    }
    if (consume('}')) break;
    if (!consume(',')) return std::nullopt;
  }
  if (p != end) return std::nullopt;
  for (const bool present : seen) {
    if (!present) return std::nullopt;
  }
  // By constant index: envelope_field is a call at run time.
  const auto envelope_text = [&envelope](int field) {
    return envelope[static_cast<std::size_t>(field)];
  };
  if (envelope_text(kSchema) != kEgressSchema) return std::nullopt;
  const auto body_text = [&body, body_size](std::string_view name) -> const std::string_view* {
    for (std::size_t i = 0; i < body_size; ++i) {
      if (body[i].first == name) return &body[i].second;
    }
    return nullptr;
  };
  const auto has_exactly = [&body_text, body_size](const auto& fields) {
    if (body_size != fields.size()) return false;
    for (const auto& name : fields) {
      if (!body_text(name)) return false;
    }
    return true;
  };
  const std::string_view* schema = body_text("schema");
  if (!schema) return std::nullopt;
  EgressEvent out;
  if (*schema == "com.nordstrom/product/create/1-0-0" && has_exactly(kCreateFields)) {
    out.kind = EgressEvent::Kind::kCreate;
  } else if (*schema == "com.nordstrom/product/image/1-0-0" && has_exactly(kImageFields)) {
    out.kind = EgressEvent::Kind::kImage;
  } else if (*schema == "com.nordstrom/product/purchase/1-0-0" && has_exactly(kPurchaseFields)) {
    out.kind = EgressEvent::Kind::kPurchase;
  } else {
    return std::nullopt;
  }
  out.product_id = *body_text("id");
  out.origin = envelope_text(kOrigin);
  out.time_origin = envelope_text(kTimeOrigin);
  out.event_id = envelope_text(kEventId);
  return out;
}

}  // namespace

std::optional<EgressEvent> parse_egress_event(std::string_view data, std::string& error) {
  if (auto event = read_compact(data)) return event;
  EgressReader reader;
  if (PlainSaxDriver(data, reader).run()) return event_of(reader, error);
  return parse_egress_event_general(data, error);
}

std::optional<EgressEvent> parse_egress_event_general(std::string_view data, std::string& error) {
  EgressReader reader;
  if (!json::sax_parse(data, &reader, json::input_format_t::json, true)) {
    error = "data is not a JSON object";
    return std::nullopt;
  }
  return event_of(reader, error);
}

Result<std::vector<EgressRecord>> egress_records_of(const lambda::Event& event, bool keep_data) {
  std::vector<EgressRecord> out;
  // The eventID is only logged for a record that is not an event.
  const auto add = [&out, keep_data](const auto& event_id_of, std::string_view data) {
    EgressRecord record{"", std::nullopt, "", ""};
    record.event = parse_egress_event(data, record.error);
    if (!record.event) record.event_id = event_id_of();
    if (keep_data) record.data.assign(data);
    out.push_back(std::move(record));
  };
  if (const auto* typed = event.kinesis_records()) {
    out.reserve(typed->size());
    for (const auto& record : *typed) add([&record] { return record->event_id(); }, record->data);
    return out;
  }
  STREAMLAB_ASSIGN_OR_RETURN(const json* records, event.json_records());
  for (const auto& record : *records) {
    auto kinesis = lambda::kinesis_record_from_json(record);
    if (!kinesis.is_ok()) {
      const auto id = record.is_object() ? record.find("eventID") : record.end();
      out.push_back({record.is_object() && id != record.end() && id->is_string()
                         ? id->get<std::string>()
                         : "?",
                     std::nullopt, kinesis.error().message, ""});
      continue;
    }
    add([&record] { return record.value("eventID", std::string("?")); }, kinesis->data);
  }
  return out;
}

}  // namespace streamlab::functions
