// GET /2015-03-31/functions/{name}
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void get_function(Context& context) {
  auto function = context.lambda.get_function(context.path_parameters.at(0));
  if (!function.is_ok()) return respond_error(context, function.error());
  respond_json(context, 200,
               Json{{"Configuration", function_json(*function)},
                    {"Code",
                     {{"RepositoryType", "streamlab"},
                      {"Location", "native:" + function->config.handler}}}});
}

}  // namespace streamlab::lambda::actions
