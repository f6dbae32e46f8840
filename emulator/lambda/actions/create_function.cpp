// POST /2015-03-31/functions. Handler names a native streamlab handler
// ("fanout", "winner-ordered", …); Code and Runtime are accepted and unused.
#include "emulator/lambda/actions/function_fields.h"

namespace streamlab::lambda::actions {

void create_function(Context& context) {
  auto run = [&]() -> Result<Json> {
    STREAMLAB_ASSIGN_OR_RETURN(Json body, parse_body(context.request));
    FunctionConfig config;
    STREAMLAB_ASSIGN_OR_RETURN(config.name, required_string_field(body, "FunctionName"));
    STREAMLAB_RETURN_IF_ERROR(required_string_field(body, "Handler").status());
    STREAMLAB_RETURN_IF_ERROR(apply_function_fields(body, config));
    STREAMLAB_ASSIGN_OR_RETURN(auto concurrency,
                               integer_field(body, "ReservedConcurrentExecutions"));
    if (concurrency) config.reserved_concurrency = static_cast<int>(*concurrency);
    STREAMLAB_ASSIGN_OR_RETURN(FunctionDescription created,
                               context.lambda.create_function(std::move(config)));
    return function_json(created);
  };
  auto result = run();
  if (!result.is_ok()) return respond_error(context, result.error());
  respond_json(context, 201, *result);
}

}  // namespace streamlab::lambda::actions
