#include "emulator/functions/query_pages.h"

namespace streamlab::functions {

Task<Result<std::vector<dynamodb::Item>>> query_rows(lambda::InvocationContext& context,
                                                     dynamodb::QueryInput query, Pages pages) {
  std::vector<dynamodb::Item> rows;
  for (;;) {
    auto* db = context.services().dynamodb;
    auto query_call = context.call("dynamodb.Query", [db, query] { return db->query(query); });
    auto page = co_await query_call;
    if (!page.is_ok()) co_return page.error();
    for (const auto& row : page->items) rows.push_back(*row);
    if (pages == Pages::kFirstOnly || !page->last_evaluated_key) break;
    query.exclusive_start_key = std::move(page->last_evaluated_key);
  }
  co_return rows;
}

}  // namespace streamlab::functions
