// PUT /2015-03-31/event-source-mappings/{UUID}
#include "emulator/lambda/actions/mapping_fields.h"

namespace streamlab::lambda::actions {

void update_event_source_mapping(Context& context) {
  auto run = [&]() -> Result<Json> {
    STREAMLAB_ASSIGN_OR_RETURN(Json body, parse_body(context.request));
    for (const char* fixed : {"EventSourceArn", "StartingPosition", "StartingPositionTimestamp"}) {
      if (body.contains(fixed))
        return invalid_parameter(std::string(fixed) + " cannot be changed; create a new mapping");
    }
    esm::MappingUpdate update;
    STREAMLAB_RETURN_IF_ERROR(read_mapping_update(body, update));
    STREAMLAB_ASSIGN_OR_RETURN(esm::MappingDescription updated,
                               context.mappings.update(context.path_parameters.at(0), update));
    return mapping_json(updated);
  };
  auto result = run();
  if (!result.is_ok()) return respond_error(context, result.error());
  respond_json(context, 202, *result);
}

}  // namespace streamlab::lambda::actions
