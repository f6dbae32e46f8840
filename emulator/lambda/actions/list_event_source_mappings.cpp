// GET /2015-03-31/event-source-mappings/?FunctionName=…&EventSourceArn=…
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

void list_event_source_mappings(Context& context) {
  const auto& query = context.request.query;
  const auto function = query.count("FunctionName") ? query.at("FunctionName") : std::string();
  const auto source = query.count("EventSourceArn") ? query.at("EventSourceArn") : std::string();
  Json mappings = Json::array();
  for (const auto& mapping : context.mappings.list(function, source))
    mappings.push_back(mapping_json(mapping));
  respond_json(context, 200, Json{{"EventSourceMappings", mappings}});
}

}  // namespace streamlab::lambda::actions
