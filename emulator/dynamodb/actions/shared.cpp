#include <cmath>

#include "emulator/dynamodb/actions/action.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {
namespace {

bool is_table_name(std::string_view value) { return wire::is_name_pattern(value); }

wire::Field any_object(std::string name) { return {std::move(name), wire::FieldType::kStructure}; }

}  // namespace

wire::Field table_name_field(bool required) {
  return {"TableName", wire::FieldType::kString,
          required,    3,
          255,         wire::Pattern{"[a-zA-Z0-9_.-]+", is_table_name}};
}

wire::Field attribute_map_field(std::string name, bool required) {
  return {std::move(name), wire::FieldType::kMap, required, std::nullopt,
          std::nullopt,    std::nullopt,          {},       {any_object("AttributeValue")}};
}

wire::Field expression_field(std::string name) {
  return {std::move(name), wire::FieldType::kString};
}

wire::Field expression_names_field() {
  return {"ExpressionAttributeNames",
          wire::FieldType::kMap,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {},
          {{"AttributeName", wire::FieldType::kString}}};
}

wire::Field expression_values_field() {
  return attribute_map_field("ExpressionAttributeValues", false);
}

wire::Field return_values_field() {
  return {"ReturnValues",
          wire::FieldType::kString,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"}};
}

wire::Field return_on_condition_failure_field() {
  return {"ReturnValuesOnConditionCheckFailure",
          wire::FieldType::kString,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {"ALL_OLD", "NONE"}};
}

wire::Field return_consumed_capacity_field() {
  return {"ReturnConsumedCapacity",
          wire::FieldType::kString,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {"INDEXES", "TOTAL", "NONE"}};
}

wire::Field legacy_expected_field() {
  return {"Expected",   wire::FieldType::kMap, false, std::nullopt,
          std::nullopt, std::nullopt,          {},    {any_object("ExpectedAttributeValue")}};
}

wire::Field legacy_conditions_field(std::string name) {
  return {std::move(name), wire::FieldType::kMap, false, std::nullopt,
          std::nullopt,    std::nullopt,          {},    {any_object("Condition")}};
}

wire::Field attributes_to_get_field() {
  return {"AttributesToGet",
          wire::FieldType::kList,
          false,
          1,
          std::nullopt,
          std::nullopt,
          {},
          {{"AttributeName", wire::FieldType::kString}}};
}

wire::Field conditional_operator_field() {
  return {"ConditionalOperator",
          wire::FieldType::kString,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {"AND", "OR"}};
}

wire::Field select_field() {
  return {"Select",
          wire::FieldType::kString,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"}};
}

std::optional<std::string> optional_string(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

Result<Item> attribute_map(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return Item{};
  return item_from_json(*it);
}

Result<Substitutions> substitutions(const Json& request) {
  Substitutions out;
  if (auto names = request.find("ExpressionAttributeNames");
      names != request.end() && !names->is_null()) {
    if (names->empty()) return errors::validation("ExpressionAttributeNames must not be empty");
    for (const auto& [key, value] : names->items())
      out.names.emplace(key, value.get<std::string>());
  }
  if (auto values = request.find("ExpressionAttributeValues");
      values != request.end() && !values->is_null()) {
    if (values->empty()) return errors::validation("ExpressionAttributeValues must not be empty");
    STREAMLAB_ASSIGN_OR_RETURN(Item parsed, item_from_json(*values));
    for (auto& [key, value] : parsed) {
      if (key.empty() || key[0] != ':') {
        return errors::validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key.str() +
            "\"");
      }
      out.values.emplace(key, std::move(value));
    }
  }
  for (const auto& [key, value] : out.names) {
    if (key.empty() || key[0] != '#') {
      return errors::validation(
          "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }
  return out;
}

Result<ReturnValues> return_values(const Json& request) {
  const auto text = optional_string(request, "ReturnValues").value_or("NONE");
  if (text == "ALL_OLD") return ReturnValues::kAllOld;
  if (text == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (text == "ALL_NEW") return ReturnValues::kAllNew;
  if (text == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return ReturnValues::kNone;
}

Result<std::optional<Select>> select(const Json& request) {
  const auto text = optional_string(request, "Select");
  if (!text) return std::optional<Select>();
  if (*text == "ALL_ATTRIBUTES") return std::optional<Select>(Select::kAllAttributes);
  if (*text == "ALL_PROJECTED_ATTRIBUTES")
    return std::optional<Select>(Select::kAllProjectedAttributes);
  if (*text == "SPECIFIC_ATTRIBUTES") return std::optional<Select>(Select::kSpecificAttributes);
  return std::optional<Select>(Select::kCount);
}

Status check_not_mixed(const Json& request, std::initializer_list<const char*> legacy,
                       std::initializer_list<const char*> expressions) {
  std::string legacy_used, expressions_used;
  for (const char* name : legacy) {
    if (request.contains(name) && !request[name].is_null())
      legacy_used.append(legacy_used.empty() ? "" : ", ").append(name);
  }
  for (const char* name : expressions) {
    if (request.contains(name) && !request[name].is_null()) {
      expressions_used.append(expressions_used.empty() ? "" : ", ").append(name);
    }
  }
  if (!legacy_used.empty() && !expressions_used.empty()) {
    return errors::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {" +
        legacy_used + "} Expression parameters: {" + expressions_used + "}");
  }
  return Status::ok();
}

namespace {

std::string name_ref(const std::string& attribute, Substitutions& substitutions) {
  std::string ref = "#legacy" + std::to_string(substitutions.names.size());
  substitutions.names.emplace(ref, attribute);
  return ref;
}

std::string value_ref(AttributeValue value, Substitutions& substitutions) {
  std::string ref = ":legacy" + std::to_string(substitutions.values.size());
  substitutions.values.emplace(ref, std::move(value));
  return ref;
}

// One legacy Condition ({"ComparisonOperator": …, "AttributeValueList": […]}).
Result<std::string> legacy_condition(const std::string& attribute, const Json& condition,
                                     Substitutions& substitutions, const char* parameter) {
  const std::string op = condition.value("ComparisonOperator", "");
  std::vector<AttributeValue> values;
  if (auto list = condition.find("AttributeValueList");
      list != condition.end() && !list->is_null()) {
    for (const auto& element : *list) {
      STREAMLAB_ASSIGN_OR_RETURN(AttributeValue value, attribute_from_json(element));
      values.push_back(std::move(value));
    }
  }
  const auto arity = [&](std::size_t n) -> Status {
    if (values.size() != n) {
      return errors::validation(
          "One or more parameter values were invalid: Invalid number of argument(s) for the " + op +
          " ComparisonOperator");
    }
    return Status::ok();
  };
  const std::string path = name_ref(attribute, substitutions);
  static const std::map<std::string, const char*> kComparators = {
      {"EQ", "="}, {"NE", "<>"}, {"LE", "<="}, {"LT", "<"}, {"GE", ">="}, {"GT", ">"}};
  if (auto it = kComparators.find(op); it != kComparators.end()) {
    STREAMLAB_RETURN_IF_ERROR(arity(1));
    return path + " " + it->second + " " + value_ref(values[0], substitutions);
  }
  if (op == "NOT_NULL") {
    STREAMLAB_RETURN_IF_ERROR(arity(0));
    return "attribute_exists(" + path + ")";
  }
  if (op == "NULL") {
    STREAMLAB_RETURN_IF_ERROR(arity(0));
    return "attribute_not_exists(" + path + ")";
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH") {
    STREAMLAB_RETURN_IF_ERROR(arity(1));
    const std::string call = (op == "BEGINS_WITH" ? "begins_with(" : "contains(") + path + ", " +
                             value_ref(values[0], substitutions) + ")";
    return op == "NOT_CONTAINS" ? "NOT " + call : call;
  }
  if (op == "BETWEEN") {
    STREAMLAB_RETURN_IF_ERROR(arity(2));
    const std::string low = value_ref(values[0], substitutions);
    return path + " BETWEEN " + low + " AND " + value_ref(values[1], substitutions);
  }
  if (op == "IN") {
    if (values.empty()) return arity(1).error();
    std::string list;
    for (auto& value : values)
      list.append(list.empty() ? "" : ", ").append(value_ref(value, substitutions));
    return path + " IN (" + list + ")";
  }
  return errors::validation(
      std::string("1 validation error detected: Value '") + op + "' at '" + parameter + "." +
      attribute +
      ".member.comparisonOperator' failed to satisfy constraint: Member must "
      "satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, "
      "LE, BEGINS_WITH, GE, CONTAINS]");
}

std::string joiner(const Json& request) {
  return request.value("ConditionalOperator", "AND") == "OR" ? " OR " : " AND ";
}

}  // namespace

Result<std::string> expected_to_condition(const Json& request, Substitutions& substitutions) {
  auto expected = request.find("Expected");
  if (expected == request.end() || expected->is_null() || expected->empty()) return std::string();
  std::string out;
  for (const auto& [attribute, condition] : expected->items()) {
    std::string part;
    if (condition.contains("ComparisonOperator")) {
      STREAMLAB_ASSIGN_OR_RETURN(part,
                                 legacy_condition(attribute, condition, substitutions, "expected"));
    } else {
      const bool has_value = condition.contains("Value");
      const bool exists = condition.value("Exists", true);
      if (exists && !has_value) {
        return errors::validation(
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "true for Attribute: " +
            attribute);
      }
      if (!exists && has_value) {
        return errors::validation(
            "One or more parameter values were invalid: Value cannot be used when Exists is "
            "false for Attribute: " +
            attribute);
      }
      if (exists) {
        STREAMLAB_ASSIGN_OR_RETURN(AttributeValue value, attribute_from_json(condition["Value"]));
        part =
            name_ref(attribute, substitutions) + " = " + value_ref(std::move(value), substitutions);
      } else {
        part = "attribute_not_exists(" + name_ref(attribute, substitutions) + ")";
      }
    }
    out.append(out.empty() ? "" : joiner(request)).append("(").append(part).append(")");
  }
  return out;
}

Result<std::string> conditions_to_expression(const Json& conditions, const Json& request,
                                             Substitutions& substitutions, const char* parameter) {
  std::string out;
  for (const auto& [attribute, condition] : conditions.items()) {
    STREAMLAB_ASSIGN_OR_RETURN(std::string part,
                               legacy_condition(attribute, condition, substitutions, parameter));
    out.append(out.empty() ? "" : joiner(request)).append("(").append(part).append(")");
  }
  return out;
}

std::string attributes_to_projection(const Json& attributes, Substitutions& substitutions) {
  std::string out;
  for (const auto& attribute : attributes) {
    out.append(out.empty() ? "" : ", ")
        .append(name_ref(attribute.get<std::string>(), substitutions));
  }
  return out;
}

namespace {

OrderedJson key_schema_json(const KeySchema& key) {
  OrderedJson out = OrderedJson::array();
  out.push_back({{"AttributeName", key.hash.name}, {"KeyType", "HASH"}});
  if (key.range) out.push_back({{"AttributeName", key.range->name}, {"KeyType", "RANGE"}});
  return out;
}

OrderedJson projection_json(const IndexDefinition& index) {
  OrderedJson out;
  out["ProjectionType"] = to_string(index.projection);
  if (index.projection == ProjectionType::kInclude) {
    OrderedJson names = OrderedJson::array();
    for (const auto& name : index.non_key_attributes) names.push_back(name.str());
    out["NonKeyAttributes"] = std::move(names);
  }
  return out;
}

}  // namespace

OrderedJson table_description_json(const TableDescription& description) {
  const TableDefinition& definition = description.definition;
  OrderedJson table;
  OrderedJson attributes = OrderedJson::array();
  for (const auto& attribute : definition.attribute_definitions) {
    attributes.push_back(
        {{"AttributeName", attribute.name}, {"AttributeType", type_name(attribute.type)}});
  }
  table["AttributeDefinitions"] = attributes;
  table["TableName"] = definition.name;
  table["KeySchema"] = key_schema_json(definition.key);
  table["TableStatus"] = to_string(description.status);
  table["CreationDateTime"] = static_cast<double>(to_unix_millis(description.created)) / 1000.0;
  table["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                    {"ReadCapacityUnits", definition.read_capacity_units},
                                    {"WriteCapacityUnits", definition.write_capacity_units}};
  table["TableSizeBytes"] = description.size_bytes;
  table["ItemCount"] = description.item_count;
  table["TableArn"] = description.arn;
  if (definition.billing_mode == BillingMode::kPayPerRequest) {
    table["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"}};
  }
  const auto index_json = [&](const IndexDefinition& index, bool global) {
    OrderedJson out;
    out["IndexName"] = index.name;
    out["KeySchema"] = key_schema_json(index.key);
    out["Projection"] = projection_json(index);
    if (global) {
      out["IndexStatus"] = "ACTIVE";
      out["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                      {"ReadCapacityUnits", definition.read_capacity_units},
                                      {"WriteCapacityUnits", definition.write_capacity_units}};
    }
    out["IndexSizeBytes"] = 0;
    out["ItemCount"] = 0;
    out["IndexArn"] = description.arn + "/index/" + index.name;
    return out;
  };
  if (!definition.global_indexes.empty()) {
    OrderedJson list = OrderedJson::array();
    for (const auto& index : definition.global_indexes) list.push_back(index_json(index, true));
    table["GlobalSecondaryIndexes"] = list;
  }
  if (!definition.local_indexes.empty()) {
    OrderedJson list = OrderedJson::array();
    for (const auto& index : definition.local_indexes) list.push_back(index_json(index, false));
    table["LocalSecondaryIndexes"] = list;
  }
  if (definition.stream) {
    table["StreamSpecification"] = {{"StreamEnabled", true},
                                    {"StreamViewType", to_string(*definition.stream)}};
  }
  if (description.latest_stream_arn) {
    table["LatestStreamLabel"] = *description.latest_stream_label;
    table["LatestStreamArn"] = *description.latest_stream_arn;
  }
  return table;
}

}  // namespace streamlab::dynamodb::actions
