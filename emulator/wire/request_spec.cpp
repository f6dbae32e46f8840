#include "emulator/wire/request_spec.h"

#include <nlohmann/json.hpp>

#include "emulator/core/base64.h"

namespace streamlab::wire {
namespace {

std::string camel(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

const char* json_kind(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (value.is_number_float()) return "DECIMAL_VALUE";
  if (value.is_number()) return "NUMBER_VALUE";
  if (value.is_string()) return "STRING_VALUE";
  return "VALUE";
}

// Java type names, as AWS's messages use them.
const char* java_type(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a String";
    case FieldType::kInteger:
      return "an Integer";
    case FieldType::kBoolean:
      return "a Boolean";
    case FieldType::kBlob:
      return "a Blob";
    case FieldType::kTimestamp:
      return "a Timestamp";
    default:
      return "a value";
  }
}

std::optional<std::string> type_error(const nlohmann::json& value, const Field& field) {
  if (value.is_null()) return std::nullopt;
  const bool scalar_expected = field.type != FieldType::kList && field.type != FieldType::kMap &&
                               field.type != FieldType::kStructure;
  if (scalar_expected) {
    if (value.is_object()) return "Start of structure or map found where not expected.";
    if (value.is_array()) return "Start of list found where not expected";
  }
  switch (field.type) {
    case FieldType::kString:
      if (!value.is_string())
        return std::string(json_kind(value)) + " can not be converted to a String";
      return std::nullopt;
    case FieldType::kBlob:
      if (!value.is_string())
        return std::string(json_kind(value)) + " can not be converted to a Blob";
      if (!base64_decode(value.get_ref<const std::string&>())) {
        return "Base64 encoded value of " + field.name + " is malformed";
      }
      return std::nullopt;
    case FieldType::kInteger:
      if (!value.is_number_integer())
        return std::string(json_kind(value)) + " can not be converted to " + java_type(field.type);
      return std::nullopt;
    case FieldType::kBoolean:
      if (!value.is_boolean())
        return std::string(json_kind(value)) + " can not be converted to " + java_type(field.type);
      return std::nullopt;
    case FieldType::kTimestamp:
      if (!value.is_number())
        return std::string(json_kind(value)) + " can not be converted to " + java_type(field.type);
      return std::nullopt;
    case FieldType::kList:
      if (!value.is_array()) return "Expected list or null for " + field.name;
      if (field.members.empty()) return std::nullopt;  // elements not described: any
      for (const auto& element : value) {
        if (auto error = type_error(element, field.members[0])) return error;
      }
      return std::nullopt;
    case FieldType::kMap:
      if (!value.is_object()) return "Expected map or null for " + field.name;
      if (field.members.empty()) return std::nullopt;
      for (const auto& [key, element] : value.items()) {
        if (auto error = type_error(element, field.members[0])) return error;
      }
      return std::nullopt;
    case FieldType::kStructure:
      if (!value.is_object()) return "Expected structure or null for " + field.name;
      for (const Field& member : field.members) {
        if (auto it = value.find(member.name); it != value.end()) {
          if (auto error = type_error(*it, member)) return error;
        }
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// Text in single quotes, as AWS shows a value in a validation message.
// (Appended, not `"'" + text`: GCC 12 at -O3 reports a false -Wrestrict
// overlap for a literal prepended to a temporary string; CMakeLists.txt.)
std::string single_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

std::string shown(const nlohmann::json& value, const Field& field) {
  if (field.type == FieldType::kBlob) {
    const auto size = base64_decode(value.get_ref<const std::string&>())->size();
    const std::string bytes = std::to_string(size);
    return std::string("'java.nio.HeapByteBuffer[pos=0 lim=")
        .append(bytes)
        .append(" cap=")
        .append(bytes)
        .append("]'");
  }
  return single_quoted(value.is_string() ? value.get_ref<const std::string&>() : value.dump());
}

void check_field(const nlohmann::json* value, const Field& field, const std::string& path,
                 std::vector<std::string>& messages) {
  if (value == nullptr || value->is_null()) {
    if (field.required) {
      messages.push_back("Value null at '" + path +
                         "' failed to satisfy constraint: Member must not be null");
    }
    return;
  }
  const std::string prefix =
      "Value " + shown(*value, field) + " at '" + path + "' failed to satisfy constraint: ";
  std::int64_t length = -1;
  switch (field.type) {
    case FieldType::kString:
      length = static_cast<std::int64_t>(value->get_ref<const std::string&>().size());
      break;
    case FieldType::kBlob:
      length =
          static_cast<std::int64_t>(base64_decode(value->get_ref<const std::string&>())->size());
      break;
    case FieldType::kList:
    case FieldType::kMap:
      length = static_cast<std::int64_t>(value->size());
      break;
    default:
      break;
  }
  if (field.type == FieldType::kInteger) {
    const auto number = value->get<std::int64_t>();
    if (field.min && number < *field.min) {
      messages.push_back(prefix + "Member must have value greater than or equal to " +
                         std::to_string(*field.min));
    } else if (field.max && number > *field.max) {
      messages.push_back(prefix + "Member must have value less than or equal to " +
                         std::to_string(*field.max));
    }
    return;
  }
  if (length >= 0) {
    if (field.min && length < *field.min) {
      messages.push_back(prefix + "Member must have length greater than or equal to " +
                         std::to_string(*field.min));
      return;
    }
    if (field.max && length > *field.max) {
      messages.push_back(prefix + "Member must have length less than or equal to " +
                         std::to_string(*field.max));
      return;
    }
  }
  if (field.type == FieldType::kString) {
    const auto& text = value->get_ref<const std::string&>();
    if (field.pattern && !field.pattern->matches(text)) {
      messages.push_back(prefix +
                         "Member must satisfy regular expression pattern: " + field.pattern->text);
      return;
    }
    if (!field.enum_values.empty() && std::find(field.enum_values.begin(), field.enum_values.end(),
                                                text) == field.enum_values.end()) {
      std::string set;
      for (const auto& option : field.enum_values) {
        if (!set.empty()) set += ", ";
        set += option;
      }
      messages.push_back(prefix + "Member must satisfy enum value set: [" + set + "]");
    }
    return;
  }
  if (field.members.empty()) return;  // elements not described
  if (field.type == FieldType::kList) {
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Field& element = field.members.at(0);
      const std::string element_path = path + "." + std::to_string(i + 1) + ".member";
      if (element.type == FieldType::kStructure) {
        for (const Field& member : element.members) {
          auto it = (*value)[i].find(member.name);
          check_field(it == (*value)[i].end() ? nullptr : &*it, member,
                      element_path + "." + camel(member.name), messages);
        }
      } else {
        check_field(&(*value)[i], element, element_path, messages);
      }
    }
    return;
  }
  if (field.type == FieldType::kMap) {
    for (const auto& [key, element] : value->items()) {
      std::string element_path = path;
      element_path.append(".").append(key).append(".member");
      check_field(&element, field.members.at(0), element_path, messages);
    }
    return;
  }
  if (field.type == FieldType::kStructure) {
    for (const Field& member : field.members) {
      auto it = value->find(member.name);
      check_field(it == value->end() ? nullptr : &*it, member, path + "." + camel(member.name),
                  messages);
    }
  }
}

}  // namespace

Status check_request(const nlohmann::json& body, const RequestSpec& spec) {
  for (const Field& field : spec) {
    if (auto it = body.find(field.name); it != body.end()) {
      if (auto error = type_error(*it, field)) return errors::serialization(*error);
    }
  }
  std::vector<std::string> messages;
  for (const Field& field : spec) {
    auto it = body.find(field.name);
    check_field(it == body.end() ? nullptr : &*it, field, camel(field.name), messages);
  }
  if (messages.empty()) return Status::ok();
  std::string text =
      std::to_string(messages.size()) +
      (messages.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) text += "; ";
    text += messages[i];
  }
  return errors::validation(text);
}

bool is_name_pattern(std::string_view value) {
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return !value.empty();
}

bool is_decimal_pattern(std::string_view value) {
  if (value.empty()) return false;
  if (value == "0") return true;
  if (value[0] < '1' || value[0] > '9') return false;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace streamlab::wire
