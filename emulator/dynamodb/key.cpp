#include "emulator/dynamodb/key.h"

#include <bit>
#include <cstring>
#include <string_view>

namespace streamlab::dynamodb {

int compare_key_values(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(ValueType::kN)) {
    const auto c = a.as_number() <=> b.as_number();
    return std::is_lt(c) ? -1 : (std::is_gt(c) ? 1 : 0);
  }
  if (a.shares_text_with(b)) return 0;  // copies of one value (an index key and its item's)
  const int c = a.as_string().compare(b.as_string());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::uint64_t key_prefix(const AttributeValue& value) {
  if (value.is(ValueType::kN)) return value.as_number().order_prefix();
  // Bytes compare unsigned (std::string::compare), as these prefixes do; a
  // shorter string's padding zeros sort at or before the other's bytes.
  const std::string_view bytes = value.as_string();
  std::uint64_t prefix = 0;
  for (std::size_t i = 0; i < 8; ++i)
    prefix = (prefix << 8) | (i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0U);
  return prefix;
}

namespace {

std::uint64_t load_word(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof(word));
  return word;
}

// bytes[at, size) (fewer than 8) as memcpy puts them into a zeroed word —
// the values (partition order, so Scan order) stay those of that copy — but
// from fixed-size loads, not a memcpy call of variable length.
std::uint64_t tail_word(std::string_view bytes, std::size_t at) {
  const std::size_t rest = bytes.size() - at;
  if constexpr (std::endian::native == std::endian::little) {
    if (bytes.size() >= 8) {  // the last eight bytes, the ones before `at` shifted out
      return load_word(bytes.data() + bytes.size() - 8) >> (8 * (8 - rest));
    }
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    if (rest >= 4) {  // two overlapping four-byte loads
      std::uint32_t low, high;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + rest - 4, 4);
      return low | (std::uint64_t{high} << (8 * (rest - 4)));
    }
    // 1 to 3 bytes: the first, the middle and the last (some the same).
    return std::uint64_t{p[0]} | (std::uint64_t{p[rest / 2]} << (8 * (rest / 2))) |
           (std::uint64_t{p[rest - 1]} << (8 * (rest - 1)));
  } else {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + at, rest);
    return word;
  }
}

// A 64-bit mix of `bytes`, eight at a time (the keys here are ids and
// names of tens of bytes, hashed on every read and write).
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
  std::uint64_t h = seed ^ (bytes.size() * kMultiplier);
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  };
  std::size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) mix(load_word(bytes.data() + at));
  if (at < bytes.size()) mix(tail_word(bytes, at));
  return h ^ (h >> 32);
}

}  // namespace

std::uint64_t partition_order(const AttributeValue& hash) {
  const auto type = static_cast<std::uint64_t>(hash.type());
  if (hash.is(ValueType::kN)) return hash_bytes(hash.as_number().to_string(), type);
  return hash_bytes(hash.as_string(), type);  // S, or B's bytes: no copy
}

int compare_primary_keys(const PrimaryKey& a, const PrimaryKey& b) {
  if (a.partition_order != b.partition_order) return a.partition_order < b.partition_order ? -1 : 1;
  if (a.before_partition_order || b.before_partition_order) {
    if (a.before_partition_order == b.before_partition_order) return 0;
    return a.before_partition_order ? -1 : 1;
  }
  const int hash = compare_key_values(a.hash, b.hash);
  if (hash != 0) return hash;
  if (!a.range || !b.range) {
    if (a.range.has_value() == b.range.has_value()) return 0;
    return a.range ? 1 : -1;
  }
  return compare_key_values(*a.range, *b.range);
}

std::uint64_t primary_key_hash(const PrimaryKey& key) {
  std::uint64_t h = key.partition_order;
  if (key.range) h = (h ^ partition_order(*key.range)) * 0x9e3779b97f4a7c15ULL;
  return h;
}

bool same_primary_key(const PrimaryKey& x, const PrimaryKey& y) {
  if (x.partition_order != y.partition_order || x.range.has_value() != y.range.has_value())
    return false;
  return compare_key_values(x.hash, y.hash) == 0 &&
         (!x.range || compare_key_values(*x.range, *y.range) == 0);
}

bool PrimaryKeyLess::operator()(const PrimaryKey& a, const PrimaryKey& b) const {
  return compare_primary_keys(a, b) < 0;
}

namespace {

Status check_key_value(const KeyAttribute& attribute, const AttributeValue& value) {
  if (value.type() != attribute.type) {
    return errors::validation(
        std::string("One or more parameter values were invalid: Type mismatch for key ") +
        attribute.name + " expected: " + type_name(attribute.type) +
        " actual: " + type_name(value.type()));
  }
  if ((value.is(ValueType::kS) || value.is(ValueType::kB)) && value.as_string().empty()) {
    return errors::validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
        "contain an "
        "empty " +
        std::string(value.is(ValueType::kS) ? "string" : "binary") +
        " value. Key: " + attribute.name);
  }
  return Status::ok();
}

}  // namespace

Result<PrimaryKey> key_of_item(const KeySchema& schema, const Item& item) {
  auto hash = item.find_name(schema.hash.name);
  if (hash == item.end()) {
    return errors::validation("One or more parameter values were invalid: Missing the key " +
                              schema.hash.name + " in the item");
  }
  STREAMLAB_RETURN_IF_ERROR(check_key_value(schema.hash, hash->second));
  const AttributeValue* range = nullptr;
  if (schema.range) {
    auto found = item.find_name(schema.range->name);
    if (found == item.end()) {
      return errors::validation("One or more parameter values were invalid: Missing the key " +
                                schema.range->name + " in the item");
    }
    STREAMLAB_RETURN_IF_ERROR(check_key_value(*schema.range, found->second));
    range = &found->second;
  }
  // Copy-constructed in place, as key_from_request's.
  return PrimaryKey{partition_order(hash->second), hash->second,
                    range ? std::optional<AttributeValue>(*range) : std::nullopt};
}

Result<PrimaryKey> key_from_request(const KeySchema& schema, const Item& key) {
  // Every shape or type mismatch first, then (as key_of_item) empty values.
  const auto mismatch = [] {
    return errors::validation("The provided key element does not match the schema");
  };
  if (key.size() != (schema.range ? 2U : 1U)) return mismatch();
  const auto hash = key.find_name(schema.hash.name);
  if (hash == key.end() || hash->second.type() != schema.hash.type) return mismatch();
  const AttributeValue* range = nullptr;
  if (schema.range) {
    const auto found = key.find_name(schema.range->name);
    if (found == key.end() || found->second.type() != schema.range->type) return mismatch();
    range = &found->second;
  }
  STREAMLAB_RETURN_IF_ERROR(check_key_value(schema.hash, hash->second));
  if (range) STREAMLAB_RETURN_IF_ERROR(check_key_value(*schema.range, *range));
  // Copy-constructed in place: assigning into a default (NULL) value took
  // operator='s general path.
  return PrimaryKey{partition_order(hash->second), hash->second,
                    range ? std::optional<AttributeValue>(*range) : std::nullopt};
}

Item key_attributes(const KeySchema& schema, const Item& item) {
  Item out;
  if (auto it = item.find_name(schema.hash.name); it != item.end())
    out.emplace(it->first, it->second);
  if (schema.range) {
    if (auto it = item.find_name(schema.range->name); it != item.end())
      out.emplace(it->first, it->second);
  }
  return out;
}

Result<std::optional<PrimaryKey>> index_key_of_values(const KeySchema& schema,
                                                      const AttributeValue* hash,
                                                      const AttributeValue* range,
                                                      const std::string& index_name) {
  auto mismatch = [&](const KeyAttribute& attribute, const AttributeValue& value) {
    return errors::validation(
        std::string("One or more parameter values were invalid: Type mismatch for Index Key ") +
        attribute.name + " Expected: " + type_name(attribute.type) +
        " Actual: " + type_name(value.type()) + " IndexName: " + index_name);
  };
  if (!hash) return std::optional<PrimaryKey>();
  if (hash->type() != schema.hash.type) return mismatch(schema.hash, *hash);
  PrimaryKey key;
  key.hash = *hash;
  key.partition_order = partition_order(key.hash);
  if (schema.range) {
    if (!range) return std::optional<PrimaryKey>();
    if (range->type() != schema.range->type) return mismatch(*schema.range, *range);
    key.range = *range;
  }
  return std::optional<PrimaryKey>(std::move(key));
}

Result<std::optional<PrimaryKey>> index_key_of_item(const KeySchema& schema, const Item& item,
                                                    const std::string& index_name) {
  const auto value = [&item](const std::string& name) -> const AttributeValue* {
    auto found = item.find(name);
    return found == item.end() ? nullptr : &found->second;
  };
  return index_key_of_values(schema, value(schema.hash.name),
                             schema.range ? value(schema.range->name) : nullptr, index_name);
}

}  // namespace streamlab::dynamodb
