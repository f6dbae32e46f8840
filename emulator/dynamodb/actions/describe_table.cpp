#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

Action describe_table() {
  return {"DescribeTable",
          {table_name_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(TableDescription table,
                                       db.describe_table(request["TableName"].get<std::string>()));
            OrderedJson out;
            out["Table"] = table_description_json(table);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
