// The functions under test (../shared/functions.md), as native handlers.
// register_functions() adds every one that exists to a LambdaService under
// its handler name.
#pragma once

#include "emulator/lambda/lambda_service.h"

namespace streamlab::functions {

// "event-logger": logs the UTF-8 decoding of each Kinesis record's data, one
// line per record (the tutorial function; batch size 1, LATEST).
lambda::Handler event_logger();

void register_functions(lambda::LambdaService& lambda);

}  // namespace streamlab::functions
