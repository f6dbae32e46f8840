// Standard base64 (RFC 4648, with padding), as the AWS JSON protocols use for blobs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace streamlab {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace streamlab
