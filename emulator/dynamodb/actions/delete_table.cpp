#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

Action delete_table() {
  return {"DeleteTable",
          {table_name_field()},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(TableDescription table,
                                       db.delete_table(request["TableName"].get<std::string>()));
            OrderedJson out;
            out["TableDescription"] = table_description_json(table);
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
