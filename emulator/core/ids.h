// Identifiers drawn from the scheduler's seeded randomness, so they replay.
#pragma once

#include <string>

#include "emulator/core/seeded_random.h"

namespace streamlab {

// A version-4 UUID string ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"), lowercase.
std::string make_uuid(SeededRandom& random);

}  // namespace streamlab
