#include "emulator/dynamodb/actions/item_parsing.h"

namespace streamlab::dynamodb::actions {

Action put_item() {
  auto fields = write_fields();
  fields.push_back(attribute_map_field("Item", true));
  return {"PutItem", fields, [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            PutItemInput input;
            input.table = request["TableName"].get<std::string>();
            STREAMLAB_ASSIGN_OR_RETURN(input.item, attribute_map(request, "Item"));
            STREAMLAB_ASSIGN_OR_RETURN(input.options, write_options(request));
            STREAMLAB_ASSIGN_OR_RETURN(WriteOutput output, db.put_item(std::move(input)));
            return write_response(output);
          }};
}

}  // namespace streamlab::dynamodb::actions
