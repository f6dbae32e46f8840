// POST /2015-03-31/functions/{name}/invocations. X-Amz-Invocation-Type:
// RequestResponse (default; 200 with the payload, X-Amz-Function-Error on a
// function error), Event (202, retried twice on failure) or DryRun (204).
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void invoke(Context& context) {
  const auto type_header = context.request.headers.find("x-amz-invocation-type");
  const std::string type =
      type_header == context.request.headers.end() ? "RequestResponse" : type_header->second;
  Json event;
  if (context.request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    event = Json::object();
  } else {
    event = Json::parse(context.request.body, nullptr, false);
    if (event.is_discarded()) {
      return respond_error(context, errors::make("InvalidRequestContentException",
                                                 "Could not parse request body into json"));
    }
  }
  const std::string& name = context.path_parameters.at(0);
  if (type == "DryRun") {
    auto function = context.lambda.get_function(name);
    if (!function.is_ok()) return respond_error(context, function.error());
    return context.respond(RestResponse{204, {}, ""});
  }
  if (type == "Event") {
    const Status queued = context.lambda.invoke_event(name, std::move(event));
    if (!queued.is_ok()) return respond_error(context, queued.error());
    return context.respond(RestResponse{202, {}, ""});
  }
  if (type != "RequestResponse") {
    return respond_error(context, invalid_parameter("Unsupported X-Amz-Invocation-Type: " + type));
  }
  context.lambda.invoke(name, std::move(event),
                        [respond = context.respond](Result<InvokeResult> result) {
                          if (!result.is_ok()) return respond(rest_error(result.error()));
                          RestResponse response;
                          response.status = 200;
                          response.headers["Content-Type"] = "application/json";
                          response.headers["X-Amz-Executed-Version"] = "$LATEST";
                          response.headers["x-amzn-RequestId"] = result->request_id;
                          if (result->function_error)
                            response.headers["X-Amz-Function-Error"] = *result->function_error;
                          response.body = result->payload.dump();
                          respond(std::move(response));
                        });
}

}  // namespace streamlab::lambda::actions
