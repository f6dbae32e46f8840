#include "harness/json_schema.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

std::string article(const std::string& type) {
  return (type == "object" || type == "array" || type == "integer") ? "an " + type : "a " + type;
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void check(const json& schema, const json& value, const std::string& path) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>())
        fail(path, "nothing is allowed here, found " + describe_value(value));
      return;
    }
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      const std::string target = *ref;
      const std::string prefix = "#/$defs/";
      const json& defs = root_.at("$defs");
      check(defs.at(target.substr(prefix.size())), value, path);
      return;
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      std::vector<std::string> types;
      if (type->is_string())
        types.push_back(*type);
      else
        for (const auto& t : *type) types.push_back(t);
      bool ok = false;
      for (const auto& t : types) ok = ok || has_type(value, t);
      if (!ok) {
        std::string expected;
        for (std::size_t i = 0; i < types.size(); ++i)
          expected += (i ? " or " : "") + article(types[i]);
        fail(path, "expected " + expected + ", found " + describe_value(value));
        return;
      }
    }
    if (auto constant = schema.find("const"); constant != schema.end() && *constant != value) {
      fail(path, "expected " + constant->dump() + ", found " + describe_value(value));
      return;
    }
    if (auto allowed = schema.find("enum"); allowed != schema.end()) {
      bool ok = false;
      for (const auto& candidate : *allowed) ok = ok || candidate == value;
      if (!ok) {
        std::string list;
        for (const auto& candidate : *allowed)
          list += (list.empty() ? "" : ", ") + candidate.dump();
        fail(path, "expected one of " + list + ", found " + describe_value(value));
        return;
      }
    }
    if (value.is_number()) {
      const double number = value.get<double>();
      if (auto minimum = schema.find("minimum");
          minimum != schema.end() && number < minimum->get<double>())
        fail(path, "expected a number ≥ " + minimum->dump() + ", found " + value.dump());
      if (auto maximum = schema.find("maximum");
          maximum != schema.end() && number > maximum->get<double>())
        fail(path, "expected a number ≤ " + maximum->dump() + ", found " + value.dump());
    }
    if (value.is_string()) {
      if (auto min = schema.find("minLength");
          min != schema.end() && value.get<std::string>().empty() && min->get<int>() > 0)
        fail(path, "expected a non-empty string, found \"\"");
    }
    if (value.is_array()) {
      if (auto min = schema.find("minItems");
          min != schema.end() && value.size() < min->get<std::size_t>())
        fail(path,
             "expected at least " + min->dump() + " items, found " + std::to_string(value.size()));
      if (auto items = schema.find("items"); items != schema.end()) {
        for (std::size_t i = 0; i < value.size(); ++i)
          check(*items, value[i], path + "[" + std::to_string(i) + "]");
      }
    }
    if (value.is_object()) check_object(schema, value, path);
  }

  std::vector<SchemaError> errors;

 private:
  void check_object(const json& schema, const json& value, const std::string& path) {
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const auto& name : *required) {
        if (!value.contains(name.get<std::string>()))
          fail(path, "missing required member \"" + name.get<std::string>() + "\"");
      }
    }
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (const auto& [name, member] : value.items()) {
      std::string member_path = path;
      member_path += ".";
      member_path += name;
      if (properties != schema.end() && properties->contains(name)) {
        check((*properties)[name], member, member_path);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          std::string known;
          if (properties != schema.end()) {
            for (const auto& [candidate, unused] : properties->items())
              known += (known.empty() ? "" : ", ") + candidate;
          }
          fail(member_path, "unknown member \"" + name + "\"" +
                                (known.empty() ? "" : " (expected one of: " + known + ")"));
        } else if (additional->is_object()) {
          check(*additional, member, member_path);
        }
      }
    }
    if (auto min = schema.find("minProperties");
        min != schema.end() && value.size() < min->get<std::size_t>())
      fail(path,
           "expected at least " + min->dump() + " members, found " + std::to_string(value.size()));
    if (auto max = schema.find("maxProperties");
        max != schema.end() && value.size() > max->get<std::size_t>())
      fail(path,
           "expected at most " + max->dump() + " members, found " + std::to_string(value.size()));
  }

  void fail(const std::string& path, std::string message) {
    errors.push_back({path, std::move(message)});
  }

  const json& root_;
};

}  // namespace

std::string describe_value(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_null()) return "null";
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

std::vector<SchemaError> validate_against_schema(const nlohmann::json& schema,
                                                 const nlohmann::json& document) {
  Validator validator(schema);
  validator.check(schema, document, "$");
  return std::move(validator.errors);
}

}  // namespace streamlab::harness
