// Reads one top-level string field of a JSON object without building the
// document: the harness looks at the eventId of every record a function
// wrote, and a full parse of each was a tenth of a long run. A structural
// scan answers the plain cases; escapes or malformed text go to a real
// (SAX) parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace streamlab::harness {

// The value of `key` when `text` is a JSON object whose top level has `key`
// with a string value; nullopt otherwise (not JSON, not an object, absent, or
// another type). Stops reading at the field.
std::optional<std::string> top_level_string(std::string_view text, std::string_view key);
// The same into `value` (true when found): a caller reading a million
// records reuses one buffer instead of allocating a string for each.
bool top_level_string_into(std::string_view text, std::string_view key, std::string& value);

}  // namespace streamlab::harness
