// Internal: JSON text written exactly as nlohmann's dump() writes it, without
// building a document — the fanout's ingress→egress transform on its hot path.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace streamlab::functions {

// Appends `text` as a JSON string, escaped as nlohmann::json::dump escapes it
// (", \ and control characters; other bytes as they are).
void append_json_string(std::string& out, std::string_view text);
// The same without the quotes: the escaped characters of `text`, for a string
// written in pieces.
void append_json_chars(std::string& out, std::string_view text);

// The length of the UTF-8 sequence that starts `text` (RFC 3629, as
// nlohmann's lexer accepts them); 0 when there is none. REQUIRES: non-empty.
std::size_t utf8_sequence_length(std::string_view text);

// The length of the integer that starts `text` when nlohmann reads it
// exactly (int64 when negative, uint64 otherwise) and dump() writes it back
// unchanged; 0 otherwise — floats, exponents, "-0", leading zeros and numbers
// beyond those ranges, which nlohmann reads as doubles.
std::size_t exact_integer_length(std::string_view text);

// `document` with each top-level `name` set to the string `value`, in order:
// byte for byte what ordered_json::parse(document), `doc[name] = value` for each
// field and dump() give (a present member keeps its place; a new one goes last).
// nullopt when `document` is not a JSON object already in the compact form
// dump() writes — whitespace, floats, \u escapes, "-0", duplicate names, deep
// nesting or malformed text — or a value is not valid UTF-8; callers then take
// the general path, which also words the errors.
std::optional<std::string> set_top_level_strings(
    std::string_view document,
    std::span<const std::pair<std::string_view, std::string_view>> fields);

}  // namespace streamlab::functions
