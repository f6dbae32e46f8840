// GET /2015-03-31/event-source-mappings/{UUID}
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void get_event_source_mapping(Context& context) {
  auto mapping = context.mappings.get(context.path_parameters.at(0));
  if (!mapping.is_ok()) return respond_error(context, mapping.error());
  respond_json(context, 200, mapping_json(*mapping));
}

}  // namespace streamlab::lambda::actions
