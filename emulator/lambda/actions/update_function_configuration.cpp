// PUT /2015-03-31/functions/{name}/configuration
#include "emulator/lambda/actions/function_fields.h"

namespace streamlab::lambda::actions {

void update_function_configuration(Context& context) {
  auto run = [&]() -> Result<Json> {
    STREAMLAB_ASSIGN_OR_RETURN(Json body, parse_body(context.request));
    STREAMLAB_ASSIGN_OR_RETURN(FunctionDescription current,
                               context.lambda.get_function(context.path_parameters.at(0)));
    FunctionConfig config = current.config;
    STREAMLAB_RETURN_IF_ERROR(apply_function_fields(body, config));
    STREAMLAB_ASSIGN_OR_RETURN(FunctionDescription updated,
                               context.lambda.update_function(std::move(config)));
    return function_json(updated);
  };
  auto result = run();
  if (!result.is_ok()) return respond_error(context, result.error());
  respond_json(context, 200, *result);
}

}  // namespace streamlab::lambda::actions
