// GET /2015-03-31/functions/
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void list_functions(Context& context) {
  Json functions = Json::array();
  for (const auto& name : context.lambda.list_functions())
    functions.push_back(function_json(*context.lambda.get_function(name)));
  respond_json(context, 200, Json{{"Functions", functions}});
}

}  // namespace streamlab::lambda::actions
