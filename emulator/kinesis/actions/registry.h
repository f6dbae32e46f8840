// Internal: Kinesis actions by name ("PutRecord").
#pragma once

#include <map>
#include <string>

#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

const std::map<std::string, Action, std::less<>>& registry();

}  // namespace streamlab::kinesis::actions
