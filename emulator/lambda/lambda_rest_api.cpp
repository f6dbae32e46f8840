#include "emulator/lambda/lambda_rest_api.h"

#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// "%3A" → ":" (function names may be ARNs in paths).
std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

void LambdaRestApi::handle(const RestRequest& request, std::function<void(RestResponse)> respond) {
  const auto path = split_path(request.path);
  bool path_known = false;
  for (const auto& route : actions::routes()) {
    const auto pattern = split_path(route.pattern);
    if (pattern.size() != path.size()) continue;
    std::vector<std::string> parameters;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      if (pattern[i] == "{}") {
        parameters.push_back(url_decode(path[i]));
      } else {
        match = pattern[i] == path[i];
      }
    }
    if (!match) continue;
    path_known = true;
    if (route.method != request.method) continue;
    actions::Context context{lambda_, mappings_, request, std::move(parameters),
                             std::move(respond)};
    route.handle(context);
    return;
  }
  respond(rest_error(path_known ? errors::make("MethodNotAllowedException",
                                               "Method " + request.method + " not allowed", 405)
                                : errors::make("UnknownOperationException",
                                               "No Lambda operation at " + request.path, 404)));
}

}  // namespace streamlab::lambda
