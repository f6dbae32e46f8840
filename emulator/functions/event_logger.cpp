#include "emulator/core/base64.h"
#include "emulator/functions/functions.h"

namespace streamlab::functions {

lambda::Handler event_logger() {
  return
      [](lambda::InvocationContext& context, nlohmann::json event) -> Task<lambda::HandlerResult> {
        const auto records = event.find("Records");
        if (records == event.end() || !records->is_array()) {
          co_return errors::make("InvalidEvent", "the event has no Records list");
        }
        for (const auto& record : *records) {
          const auto data =
              record.value("kinesis", nlohmann::json::object()).value("data", std::string());
          const auto decoded = base64_decode(data);
          if (!decoded) {
            context.log("record " + record.value("eventID", std::string("?")) +
                        " has data that is not base64");
            continue;
          }
          if (Status fault = context.before_record(*decoded); !fault.is_ok())
            co_return fault.error();
          context.log(*decoded);
          if (Status fault = context.records_done(); !fault.is_ok()) co_return fault.error();
        }
        co_return nlohmann::json{{"records", records->size()}};
      };
}

}  // namespace streamlab::functions
