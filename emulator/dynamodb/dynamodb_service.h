// The DynamoDB emulator: typed core API.
//
// Tables with hash or hash+range keys, GSIs and LSIs, conditional writes,
// queries and scans with 1 MB pages, batches, transactions and streams, on
// the scheduler's clock. Requests carry the same expression strings and
// substitutions as the AWS API, so the functions under test issue exactly
// their real requests. Every call runs to completion in one scheduler step,
// so writes to one item are atomic with respect to each other however tasks
// race. The JSON actions (emulator/dynamodb/actions) are a thin layer over it.
//
// Thread-safety: none; call it on the scheduler's thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/aws_identity.h"
#include "emulator/core/scheduler.h"
#include "emulator/core/status.h"
#include "emulator/dynamodb/expressions/cache.h"
#include "emulator/dynamodb/expressions/evaluator.h"
#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {

class CheckedShapes;  // checked_shapes.h

using expressions::Substitutions;

enum class TableStatus { kCreating, kActive, kUpdating, kDeleting };
enum class ProjectionType { kKeysOnly, kInclude, kAll };
enum class StreamViewType { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };
enum class BillingMode { kProvisioned, kPayPerRequest };
enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class Select { kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount };

const char* to_string(TableStatus status);
const char* to_string(ProjectionType type);
const char* to_string(StreamViewType type);

struct IndexDefinition {
  std::string name;
  KeySchema key;
  ProjectionType projection = ProjectionType::kAll;
  // INCLUDE's projected attributes, interned: refreshing a view compares them
  // with an update's names by pointer.
  std::vector<AttributeName> non_key_attributes;
};

struct TableDefinition {
  std::string name;
  KeySchema key;
  // Every attribute used in a key of the table or an index, with its type.
  std::vector<KeyAttribute> attribute_definitions;
  std::vector<IndexDefinition> global_indexes;
  std::vector<IndexDefinition> local_indexes;
  BillingMode billing_mode = BillingMode::kProvisioned;
  std::int64_t read_capacity_units = 0;  // PROVISIONED only; echoed, not enforced
  std::int64_t write_capacity_units = 0;
  std::optional<StreamViewType> stream;  // streams enabled when set
};

struct TableDescription {
  TableDefinition definition;
  std::string arn;
  TableStatus status = TableStatus::kCreating;
  TimePoint created;
  std::size_t item_count = 0;
  std::size_t size_bytes = 0;
  std::optional<std::string> latest_stream_arn;
  std::optional<std::string> latest_stream_label;
};

struct WriteOptions {
  std::string condition;  // ConditionExpression; empty for none
  Substitutions substitutions;
  ReturnValues return_values = ReturnValues::kNone;
  bool return_item_on_condition_failure = false;  // ReturnValuesOnConditionCheckFailure: ALL_OLD
};

struct PutItemInput {
  std::string table;
  Item item;
  WriteOptions options;
};

struct UpdateItemInput {
  std::string table;
  Item key;
  std::string update;  // UpdateExpression; empty = only create the item if absent
  WriteOptions options;
};

struct DeleteItemInput {
  std::string table;
  Item key;
  WriteOptions options;
};

struct WriteOutput {
  std::optional<Item> attributes;  // per ReturnValues
};

struct GetItemInput {
  std::string table;
  Item key;
  bool consistent_read = false;
  std::string projection;  // ProjectionExpression; empty for all attributes
  Substitutions substitutions;
};

struct QueryInput {
  std::string table;
  std::string index;  // empty: the table
  std::string key_condition;
  std::string filter;
  std::string projection;
  Substitutions substitutions;
  bool scan_forward = true;
  std::optional<std::size_t> limit;
  std::optional<Select> select;
  std::optional<Item> exclusive_start_key;
  bool consistent_read = false;
};

struct ScanInput {
  std::string table;
  std::string index;
  std::string filter;
  std::string projection;
  Substitutions substitutions;
  std::optional<std::size_t> limit;
  std::optional<Select> select;
  std::optional<Item> exclusive_start_key;
  std::optional<std::uint32_t> segment;
  std::optional<std::uint32_t> total_segments;
  bool consistent_read = false;
};

// An item a read returned. Reads are snapshots and stored items are replaced,
// never changed, so a Query of an index shares the index's copy instead of
// copying it (the winners read tens of items per purchase).
using ReadItem = std::shared_ptr<const Item>;

struct ReadOutput {
  std::vector<ReadItem> items;
  std::size_t count = 0;          // items after the filter
  std::size_t scanned_count = 0;  // items evaluated before the filter
  std::optional<Item> last_evaluated_key;
};

// One element of TransactWriteItems.
struct TransactWriteElement {
  enum class Kind { kConditionCheck, kPut, kUpdate, kDelete };
  Kind kind = Kind::kPut;
  std::string table;
  Item item_or_key;    // Put: the item; others: the key
  std::string update;  // Update
  WriteOptions options;
};

struct StreamRecord {
  std::string event_id;
  std::string event_name;  // INSERT, MODIFY, REMOVE
  std::string sequence_number;
  Item keys;
  std::optional<Item> new_image;
  std::optional<Item> old_image;
  std::size_t size_bytes = 0;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  TimePoint created;
};

class ItemStore;

struct DynamoDbOptions {
  AwsIdentity identity;
  // Where each table's items live (see item_store.h); null: in memory.
  std::function<std::unique_ptr<ItemStore>(const std::string& table_name)> item_store;
  Duration create_delay = std::chrono::milliseconds(500);
  Duration delete_delay = std::chrono::milliseconds(500);
  Duration update_delay = std::chrono::milliseconds(500);
  std::size_t table_limit = 2500;
};

class DynamoDbService {
 public:
  DynamoDbService(Scheduler& scheduler, DynamoDbOptions options);
  ~DynamoDbService();
  DynamoDbService(const DynamoDbService&) = delete;
  DynamoDbService& operator=(const DynamoDbService&) = delete;

  const AwsIdentity& identity() const { return options_.identity; }
  Scheduler& scheduler() { return scheduler_; }

  // --- Tables ---
  Result<TableDescription> create_table(TableDefinition definition);
  Result<TableDescription> describe_table(std::string_view name) const;
  std::vector<std::string> list_tables() const;  // sorted
  Result<TableDescription> delete_table(std::string_view name);
  // Enables (view type) or disables (nullopt) the stream.
  Result<TableDescription> update_stream(std::string_view name,
                                         std::optional<StreamViewType> stream);
  Result<TableDescription> create_global_index(
      std::string_view name, IndexDefinition index,
      const std::vector<KeyAttribute>& attribute_definitions);
  Result<TableDescription> delete_global_index(std::string_view name, std::string_view index);

  // --- Items ---
  Result<WriteOutput> put_item(PutItemInput input);
  Result<std::optional<Item>> get_item(const GetItemInput& input);
  Result<WriteOutput> update_item(const UpdateItemInput& input);
  Result<WriteOutput> delete_item(const DeleteItemInput& input);
  Result<ReadOutput> query(const QueryInput& input);
  Result<ReadOutput> scan(const ScanInput& input);

  // --- Batches ---
  struct BatchWriteRequest {
    std::string table;
    bool is_put = true;
    Item item_or_key;  // Put: the item; Delete: the key
  };
  // Validates every request first (tables, keys, no duplicate items), then
  // writes them in order; returns the requests left unprocessed.
  Result<std::vector<BatchWriteRequest>> batch_write(std::vector<BatchWriteRequest> requests);
  // Fault hook: process at most `items` requests per BatchWriteItem call and
  // return the rest as UnprocessedItems (AWS does this when throughput runs
  // out). nullopt: no limit.
  void set_batch_write_limit(std::optional<std::size_t> items) { batch_write_limit_ = items; }

  // --- Transactions ---
  // All-or-nothing; TransactionCanceledException carries per-element
  // CancellationReasons in its details. `client_request_token` makes a retry
  // within 10 minutes a no-op (same request) or IdempotentParameterMismatch.
  Status transact_write(std::vector<TransactWriteElement> elements,
                        const std::string& client_request_token = {},
                        std::string request_fingerprint = {});
  Result<std::vector<std::optional<Item>>> transact_get(const std::vector<GetItemInput>& gets);

  // --- Streams ---
  std::vector<std::string> list_stream_arns(std::string_view table_name = {}) const;
  // The records of a stream from `from_index`; nullopt when the stream is unknown.
  // Records older than 24 hours are trimmed.
  struct StreamView {
    std::string table_name;
    std::string stream_arn;
    std::string stream_label;
    StreamViewType view_type;
    bool enabled;
    TimePoint created;
    std::size_t first_index;  // index of the oldest retained record
    std::size_t end_index;    // one past the newest
  };
  std::optional<StreamView> stream(std::string_view stream_arn);
  const StreamRecord& stream_record(std::string_view stream_arn, std::size_t index) const;

 private:
  struct Table;
  struct Stream;

  AwsError table_not_found(std::string_view name) const;
  Result<Table*> find_table(std::string_view name) const;
  Result<Table*> find_active_table(std::string_view name) const;
  TableDescription describe(const Table& table) const;
  Status validate_definition(const TableDefinition& definition) const;
  // Parses the request's ConditionExpression (if any), checks its references
  // are defined, and records them in `used` for the unused-substitution check.
  Status prepare_condition(const WriteOptions& options, expressions::UsedReferences& used,
                           std::shared_ptr<const expressions::ParsedCondition>& condition);
  // Evaluates the parsed ConditionExpression (null: none, holds) against the
  // stored item (null: absent); ConditionalCheckFailedException when false.
  Status check_condition(const expressions::ParsedCondition* condition, const WriteOptions& options,
                         const Item* current);
  // Parses FilterExpression and ProjectionExpression (either may be empty),
  // checks their references and records them in `used`.
  Status prepare_read_expressions(const std::string& filter_text,
                                  const std::string& projection_text,
                                  const Substitutions& substitutions,
                                  expressions::UsedReferences& used,
                                  std::shared_ptr<const expressions::ParsedCondition>& filter,
                                  std::shared_ptr<const expressions::ParsedProjection>& projection);
  Result<Item> updated_item(const UpdateItemInput& input, const Item* current);
  // Writes `next` (nullopt = delete) for `key`, maintaining indexes and the stream.
  // `current` is the stored item (null when absent); it is replaced in place.
  Status commit(Table& table, const PrimaryKey& key, const Item* current, std::optional<Item> next);
  Status validate_item_for_write(const Table& table, const Item& item) const;
  // UpdateItem changing the stored item where it is, when nothing needs its
  // old image: true when done, false when the update must take the general path.
  // `targets` are the actions' top-level attribute names after substitution.
  Result<bool> update_in_place(Table& table, const PrimaryKey& key, const Item& current,
                               const expressions::ParsedUpdate& update,
                               std::span<const AttributeName* const> targets,
                               const WriteOptions& options);
  void append_stream_record(Table& table, const Item* old_item, const Item* new_item);
  struct ReadPlan;
  Result<ReadOutput> read(const Table& table, const ReadPlan& plan);

  Scheduler& scheduler_;
  DynamoDbOptions options_;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  std::map<std::string, std::unique_ptr<Stream>, std::less<>>
      streams_;  // by ARN; outlive their tables 24 h
  std::unique_ptr<expressions::ExpressionCache> cache_;
  // The request shapes that passed UpdateItem's and Query's checks.
  std::unique_ptr<CheckedShapes> checked_updates_;
  std::unique_ptr<CheckedShapes> checked_queries_;
  std::map<std::string, std::pair<std::string, TimePoint>, std::less<>> transaction_tokens_;
  std::uint64_t next_incarnation_ = 1;
  std::optional<std::size_t> batch_write_limit_;
};

}  // namespace streamlab::dynamodb
