// Internal: the response body of Query and Scan.
#pragma once

#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

inline OrderedJson read_response(const ReadOutput& output, bool count_only) {
  OrderedJson out;
  if (!count_only) {
    OrderedJson items = OrderedJson::array();
    for (const auto& item : output.items) items.push_back(item_to_json(*item));
    out["Items"] = std::move(items);
  }
  out["Count"] = output.count;
  out["ScannedCount"] = output.scanned_count;
  if (output.last_evaluated_key) out["LastEvaluatedKey"] = item_to_json(*output.last_evaluated_key);
  return out;
}

}  // namespace streamlab::dynamodb::actions
