#include "emulator/dynamodb/actions/item_parsing.h"

namespace streamlab::dynamodb::actions {

Action delete_item() {
  auto fields = write_fields();
  fields.push_back(attribute_map_field("Key", true));
  return {"DeleteItem", fields,
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            DeleteItemInput input;
            input.table = request["TableName"].get<std::string>();
            STREAMLAB_ASSIGN_OR_RETURN(input.key, attribute_map(request, "Key"));
            STREAMLAB_ASSIGN_OR_RETURN(input.options, write_options(request));
            STREAMLAB_ASSIGN_OR_RETURN(WriteOutput output, db.delete_item(input));
            return write_response(output);
          }};
}

}  // namespace streamlab::dynamodb::actions
