#include "emulator/dynamodb/actions/table_parsing.h"

namespace streamlab::dynamodb::actions {

wire::Field attribute_definitions_field(bool required) {
  return {"AttributeDefinitions",
          wire::FieldType::kList,
          required,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {},
          {{"AttributeDefinition",
            wire::FieldType::kStructure,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            {{"AttributeName", wire::FieldType::kString, true, 1, 255},
             {"AttributeType",
              wire::FieldType::kString,
              true,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {"B", "N", "S"}}}}}};
}

wire::Field key_schema_field(std::string name, bool required) {
  return {std::move(name),
          wire::FieldType::kList,
          required,
          1,
          2,
          std::nullopt,
          {},
          {{"KeySchemaElement",
            wire::FieldType::kStructure,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            {{"AttributeName", wire::FieldType::kString, true, 1, 255},
             {"KeyType",
              wire::FieldType::kString,
              true,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {"HASH", "RANGE"}}}}}};
}

wire::Field provisioned_throughput_field() {
  return {"ProvisionedThroughput",
          wire::FieldType::kStructure,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {},
          {{"ReadCapacityUnits", wire::FieldType::kInteger, true, 1, std::nullopt},
           {"WriteCapacityUnits", wire::FieldType::kInteger, true, 1, std::nullopt}}};
}

wire::Field indexes_field(std::string name, bool with_throughput) {
  std::vector<wire::Field> members = {
      {"IndexName", wire::FieldType::kString, true, 3, 255,
       wire::Pattern{"[a-zA-Z0-9_.-]+", wire::is_name_pattern}},
      key_schema_field("KeySchema", true),
      {"Projection",
       wire::FieldType::kStructure,
       true,
       std::nullopt,
       std::nullopt,
       std::nullopt,
       {},
       {{"ProjectionType",
         wire::FieldType::kString,
         false,
         std::nullopt,
         std::nullopt,
         std::nullopt,
         {"ALL", "KEYS_ONLY", "INCLUDE"}},
        {"NonKeyAttributes",
         wire::FieldType::kList,
         false,
         1,
         20,
         std::nullopt,
         {},
         {{"NonKeyAttributeName", wire::FieldType::kString, false, 1, 255}}}}}};
  if (with_throughput) members.push_back(provisioned_throughput_field());
  return {std::move(name),
          wire::FieldType::kList,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {},
          {{"Index",
            wire::FieldType::kStructure,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            std::move(members)}}};
}

wire::Field stream_specification_field() {
  return {"StreamSpecification",
          wire::FieldType::kStructure,
          false,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          {},
          {{"StreamEnabled", wire::FieldType::kBoolean, true},
           {"StreamViewType",
            wire::FieldType::kString,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"}}}};
}

Result<std::vector<KeyAttribute>> parse_attribute_definitions(const Json& request) {
  std::vector<KeyAttribute> out;
  auto it = request.find("AttributeDefinitions");
  if (it == request.end() || it->is_null()) return out;
  for (const auto& definition : *it) {
    const std::string type = definition["AttributeType"].get<std::string>();
    out.push_back({definition["AttributeName"].get<std::string>(),
                   type == "S" ? ValueType::kS : (type == "N" ? ValueType::kN : ValueType::kB)});
  }
  return out;
}

Result<KeySchema> parse_key_schema(const Json& key_schema) {
  KeySchema key;
  if (key_schema[0]["KeyType"] != "HASH") {
    return errors::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  key.hash.name = key_schema[0]["AttributeName"].get<std::string>();
  if (key_schema.size() == 2) {
    if (key_schema[1]["KeyType"] != "RANGE") {
      return errors::validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (key_schema[1]["AttributeName"] == key.hash.name.str()) {
      return errors::validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    key.range = KeyAttribute{key_schema[1]["AttributeName"].get<std::string>(), ValueType::kS};
  }
  return key;
}

Result<IndexDefinition> parse_index(const Json& index) {
  IndexDefinition out;
  out.name = index["IndexName"].get<std::string>();
  STREAMLAB_ASSIGN_OR_RETURN(out.key, parse_key_schema(index["KeySchema"]));
  const Json& projection = index["Projection"];
  const std::string type = projection.value("ProjectionType", "");
  if (type.empty()) {
    return errors::validation(
        "One or more parameter values were invalid: Unknown ProjectionType: null");
  }
  out.projection =
      type == "ALL" ? ProjectionType::kAll
                    : (type == "KEYS_ONLY" ? ProjectionType::kKeysOnly : ProjectionType::kInclude);
  const bool has_non_key =
      projection.contains("NonKeyAttributes") && !projection["NonKeyAttributes"].is_null();
  if (out.projection == ProjectionType::kInclude) {
    if (!has_non_key) {
      return errors::validation(
          "One or more parameter values were invalid: ProjectionType is INCLUDE, but "
          "NonKeyAttributes is not specified");
    }
    for (const auto& name : projection["NonKeyAttributes"].get<std::vector<std::string>>())
      out.non_key_attributes.emplace_back(name);
  } else if (has_non_key) {
    return errors::validation("One or more parameter values were invalid: ProjectionType is " +
                              type + ", but NonKeyAttributes is specified");
  }
  return out;
}

Result<std::vector<IndexDefinition>> parse_indexes(const Json& request, const char* name) {
  std::vector<IndexDefinition> out;
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return out;
  if (it->empty()) {
    return errors::validation(std::string("One or more parameter values were invalid: List of ") +
                              name + " is empty");
  }
  for (const auto& index : *it) {
    STREAMLAB_ASSIGN_OR_RETURN(IndexDefinition parsed, parse_index(index));
    out.push_back(std::move(parsed));
  }
  return out;
}

Status parse_billing(const Json& request, TableDefinition& definition) {
  const std::string mode = request.value("BillingMode", "PROVISIONED");
  const bool has_throughput =
      request.contains("ProvisionedThroughput") && !request["ProvisionedThroughput"].is_null();
  if (mode == "PAY_PER_REQUEST") {
    if (has_throughput) {
      return errors::validation(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
          "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    definition.billing_mode = BillingMode::kPayPerRequest;
    return Status::ok();
  }
  if (!has_throughput) {
    return errors::validation(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
        "must both be specified when BillingMode is PROVISIONED");
  }
  definition.billing_mode = BillingMode::kProvisioned;
  definition.read_capacity_units =
      request["ProvisionedThroughput"]["ReadCapacityUnits"].get<std::int64_t>();
  definition.write_capacity_units =
      request["ProvisionedThroughput"]["WriteCapacityUnits"].get<std::int64_t>();
  return Status::ok();
}

Result<std::optional<StreamViewType>> parse_stream_specification(const Json& request) {
  auto it = request.find("StreamSpecification");
  if (it == request.end() || it->is_null()) return std::optional<StreamViewType>();
  const bool enabled = (*it)["StreamEnabled"].get<bool>();
  const std::string view = it->value("StreamViewType", "");
  if (!enabled) {
    if (!view.empty()) {
      return errors::validation(
          "One or more parameter values were invalid: StreamViewType cannot be specified "
          "when StreamEnabled is false");
    }
    return std::optional<StreamViewType>();
  }
  if (view.empty()) {
    return errors::validation(
        "One or more parameter values were invalid: StreamViewType is required when "
        "StreamEnabled is true");
  }
  if (view == "NEW_IMAGE") return std::optional<StreamViewType>(StreamViewType::kNewImage);
  if (view == "OLD_IMAGE") return std::optional<StreamViewType>(StreamViewType::kOldImage);
  if (view == "KEYS_ONLY") return std::optional<StreamViewType>(StreamViewType::kKeysOnly);
  return std::optional<StreamViewType>(StreamViewType::kNewAndOldImages);
}

}  // namespace streamlab::dynamodb::actions
