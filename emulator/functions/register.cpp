#include "emulator/functions/functions.h"

namespace streamlab::functions {

void register_functions(lambda::LambdaService& lambda) {
  lambda.register_handler("event-logger", event_logger());
  lambda.register_handler("fanout", fanout());
  lambda.register_handler("winner-ordered", winner_ordered());
  lambda.register_handler("winner-tolerant", winner_tolerant());
  lambda.register_handler("http-forwarder", http_forwarder());
  lambda.register_handler("idempotent-consumer", idempotent_consumer());
}

}  // namespace streamlab::functions
