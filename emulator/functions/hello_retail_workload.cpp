#include "emulator/functions/hello_retail_workload.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

#include "emulator/core/seeded_random.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/functions/compact_json.h"

namespace streamlab::functions {

const char* to_string(WorkloadEventKind kind) {
  switch (kind) {
    case WorkloadEventKind::kCreate:
      return "create";
    case WorkloadEventKind::kImage:
      return "image";
    case WorkloadEventKind::kPurchase:
      return "purchase";
  }
  return "?";
}

Workload generate_hello_retail(const WorkloadParams& params, std::uint64_t seed) {
  Workload workload{params, seed, {}};
  SeededRandom random(seed);
  const auto pick = [&random](int count) {
    return static_cast<int>(random.uniform(static_cast<std::uint64_t>(std::max(count, 1))));
  };
  struct Draft {
    WorkloadEventKind kind;
    int product;
    int user;
  };
  // Creations first in product order, then images and purchases shuffled in
  // after their product's creation.
  std::vector<Draft> drafts;
  std::vector<Draft> later;
  for (int product = 0; product < params.products; ++product) {
    if (random.unit_interval() < params.image_probability)
      later.push_back({WorkloadEventKind::kImage, product, pick(params.photographers)});
  }
  for (int i = 0; i < params.purchases && params.products > 0; ++i)
    later.push_back({WorkloadEventKind::kPurchase, pick(params.products), pick(params.buyers)});
  // A seeded shuffle (Fisher–Yates) of what follows the creations.
  for (std::size_t i = later.size(); i > 1; --i) std::swap(later[i - 1], later[random.uniform(i)]);
  // Each creation is placed before the first later event of its product.
  std::vector<bool> created(static_cast<std::size_t>(std::max(params.products, 0)), false);
  for (const Draft& draft : later) {
    if (!created[static_cast<std::size_t>(draft.product)]) {
      created[static_cast<std::size_t>(draft.product)] = true;
      drafts.push_back({WorkloadEventKind::kCreate, draft.product, pick(params.merchants)});
    }
    drafts.push_back(draft);
  }
  for (int product = 0; product < params.products; ++product) {
    if (!created[static_cast<std::size_t>(product)])
      drafts.push_back({WorkloadEventKind::kCreate, product, pick(params.merchants)});
  }
  Duration at{0};
  const auto mean = std::max<std::int64_t>(params.mean_gap.count(), 1);
  for (const Draft& draft : drafts) {
    at += Duration(1 +
                   static_cast<std::int64_t>(random.uniform(static_cast<std::uint64_t>(2 * mean))));
    WorkloadEvent event;
    event.index = workload.events.size();
    event.at = at;
    event.kind = draft.kind;
    // Ids and origins built in a buffer and assigned once (a million events;
    // a text per append cost a call and a capacity check each).
    char number[24];
    const auto digits = [&number](int value) {
      return std::string_view(
          number, static_cast<std::size_t>(
                      std::to_chars(number, number + sizeof number, value).ptr - number));
    };
    event.product_id.assign("product-").append(digits(draft.product));
    // "<prefix><role>-<n>/<Title> <n>".
    const auto user = [&event, &draft, &digits](std::string_view prefix, std::string_view role,
                                                std::string_view title) {
      const std::string_view n = digits(draft.user);
      char text[128];  // the longest prefix, role and title (67 bytes) and two ints (11 each)
      std::size_t length = 0;
      for (const std::string_view part : {prefix, role, std::string_view("-"), n,
                                          std::string_view("/"), title, std::string_view(" "), n}) {
        std::memcpy(text + length, part.data(), part.size());
        length += part.size();
      }
      event.user_id.assign(text + prefix.size(), role.size() + 1 + n.size());
      event.origin.assign(text, length);
    };
    switch (draft.kind) {
      case WorkloadEventKind::kCreate:
        user("hello-retail/product-producer-creator/", "merchant", "Merchant");
        break;
      case WorkloadEventKind::kImage:
        user("hello-retail/product-producer-photographer/", "photographer", "Photographer");
        break;
      case WorkloadEventKind::kPurchase:
        user("hello-retail/web-client-purchase-product/", "buyer", "Buyer");
        break;
    }
    workload.events.push_back(std::move(event));
  }
  return workload;
}

// Written directly rather than through a JSON document: a workload of a
// million events makes as many of these. The same text as ordered_json::dump;
// what never changes is written in whole pieces, the event's own texts
// escaped as they need.
std::string ingress_envelope(const WorkloadEvent& event, TimePoint now) {
  std::string out;
  out.reserve(256);
  out += R"({"schema":"com.nordstrom/retail-stream-ingress/1-0-0","origin":)";
  append_json_string(out, event.origin);
  out += R"(,"timeOrigin":")";
  append_iso8601_millis(out, now);  // digits, dashes and colons: nothing to escape
  out += R"(","data":{"schema":"com.nordstrom/product/)";
  switch (event.kind) {
    case WorkloadEventKind::kCreate:
      out += R"(create/1-0-0","id":)";
      append_json_string(out, event.product_id);
      out += R"(,"brand":"Brand of )";
      append_json_chars(out, event.product_id);
      out += R"(","name":"Name of )";
      append_json_chars(out, event.product_id);
      out += R"(","description":"A product","category":"Things")";
      break;
    case WorkloadEventKind::kImage:
      out += R"(image/1-0-0","id":)";
      append_json_string(out, event.product_id);
      out += R"(,"image":"https://images.example/)";
      append_json_chars(out, event.product_id);
      out += R"(.jpg")";
      break;
    case WorkloadEventKind::kPurchase:
      out += R"(purchase/1-0-0","id":)";
      append_json_string(out, event.product_id);
      break;
  }
  out += "}}";
  return out;
}

Oracle compute_oracle(const std::vector<WorkloadEvent>& history) {
  Oracle oracle;
  // The products by id, hashed (a million events, each a lookup; the map's
  // nodes stay put). Keys view the history's ids, which outlive this call.
  std::unordered_map<std::string_view, ProductOracle*> by_id;
  const auto product_of = [&](const std::string& id) -> ProductOracle& {
    auto [slot, added] = by_id.try_emplace(id, nullptr);
    if (added) slot->second = &oracle.products[id];
    return *slot->second;
  };
  for (const auto& event : history) {
    switch (event.kind) {
      case WorkloadEventKind::kCreate: {
        auto& product = product_of(event.product_id);
        if (product.creator.empty()) product.creator = event.origin;
        break;
      }
      case WorkloadEventKind::kImage: {
        auto& product = product_of(event.product_id);
        if (product.photographer.empty()) product.photographer = event.origin;
        break;
      }
      case WorkloadEventKind::kPurchase: {
        auto found = by_id.find(event.product_id);
        if (found == by_id.end() || found->second->creator.empty()) break;
        auto& product = *found->second;
        ++product.creator_score;
        if (!product.photographer.empty()) ++product.photographer_score;
        break;
      }
    }
  }
  // A product's creator and photographer never change once set, so each
  // contributor's score is the sum over their products (summed once here,
  // not per purchase: a million purchases, long origin keys).
  for (const auto& [id, product] : oracle.products) {
    if (product.creator_score > 0)
      oracle.scores[{product.creator, "creator"}] += product.creator_score;
    if (product.photographer_score > 0)
      oracle.scores[{product.photographer, "photographer"}] += product.photographer_score;
  }
  return oracle;
}

namespace {

// Every row of a table (all pages of a Scan).
Result<std::vector<dynamodb::Item>> scan_all(dynamodb::DynamoDbService& db,
                                             const std::string& table) {
  std::vector<dynamodb::Item> rows;
  dynamodb::ScanInput scan;
  scan.table = table;
  for (;;) {
    STREAMLAB_ASSIGN_OR_RETURN(auto page, db.scan(scan));
    for (const auto& row : page.items) rows.push_back(*row);
    if (!page.last_evaluated_key) return rows;
    scan.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

std::string text_of(const dynamodb::Item& row, const char* name) {
  auto it = row.find(name);
  return it != row.end() && it->second.is(dynamodb::ValueType::kS)
             ? std::string(it->second.as_string())
             : std::string();
}

long long number_of(const dynamodb::Item& row, const char* name) {
  auto it = row.find(name);
  if (it == row.end() || !it->second.is(dynamodb::ValueType::kN)) return 0;
  return std::stoll(it->second.as_number().to_string());
}

}  // namespace

Result<Oracle> read_winner_tables(dynamodb::DynamoDbService& db, const std::string& scores_table,
                                  const std::string& contributions_table) {
  Oracle observed;
  STREAMLAB_ASSIGN_OR_RETURN(auto scores, scan_all(db, scores_table));
  for (const auto& row : scores) {
    const long long score = number_of(row, "score");
    if (score != 0) observed.scores[{text_of(row, "userId"), text_of(row, "role")}] = score;
  }
  if (contributions_table.empty()) return observed;
  STREAMLAB_ASSIGN_OR_RETURN(auto contributions, scan_all(db, contributions_table));
  for (const auto& row : contributions) {
    auto& product = observed.products[text_of(row, "productId")];
    product.creator = text_of(row, "creator");
    product.photographer = text_of(row, "photographer");
    product.creator_score = number_of(row, "creatorScore");
    product.photographer_score = number_of(row, "photographerScore");
  }
  return observed;
}

}  // namespace streamlab::functions
