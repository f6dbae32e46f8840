// DELETE /2015-03-31/functions/{name}
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void delete_function(Context& context) {
  const Status deleted = context.lambda.delete_function(context.path_parameters.at(0));
  if (!deleted.is_ok()) return respond_error(context, deleted.error());
  context.respond(RestResponse{204, {}, ""});
}

}  // namespace streamlab::lambda::actions
