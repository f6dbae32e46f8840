// The Lambda REST routes. Adding an action: write its file, add a line here.
#include "emulator/lambda/actions/action.h"

namespace streamlab::lambda::actions {

const std::vector<Route>& routes() {
  static const std::vector<Route> kRoutes = {
      {"POST", "/2015-03-31/functions", create_function},
      {"GET", "/2015-03-31/functions", list_functions},
      {"GET", "/2015-03-31/functions/{}", get_function},
      {"DELETE", "/2015-03-31/functions/{}", delete_function},
      {"PUT", "/2015-03-31/functions/{}/configuration", update_function_configuration},
      {"POST", "/2015-03-31/functions/{}/invocations", invoke},
      {"POST", "/2015-03-31/event-source-mappings", create_event_source_mapping},
      {"GET", "/2015-03-31/event-source-mappings", list_event_source_mappings},
      {"GET", "/2015-03-31/event-source-mappings/{}", get_event_source_mapping},
      {"PUT", "/2015-03-31/event-source-mappings/{}", update_event_source_mapping},
      {"DELETE", "/2015-03-31/event-source-mappings/{}", delete_event_source_mapping},
  };
  return kRoutes;
}

}  // namespace streamlab::lambda::actions
