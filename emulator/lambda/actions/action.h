// Internal to the Lambda REST layer: routes and shared helpers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/lambda/lambda_rest_api.h"

namespace streamlab::lambda::actions {

using Json = nlohmann::json;

struct Context {
  LambdaService& lambda;
  esm::EventSourceMappings& mappings;
  const RestRequest& request;
  std::vector<std::string> path_parameters;  // the {name} / {UUID} parts
  std::function<void(RestResponse)> respond;
};

struct Route {
  const char* method;
  const char* pattern;  // "/2015-03-31/functions/{}/invocations"
  void (*handle)(Context& context);
};

// One function per action file.
void create_function(Context& context);
void get_function(Context& context);
void list_functions(Context& context);
void delete_function(Context& context);
void update_function_configuration(Context& context);
void invoke(Context& context);
void create_event_source_mapping(Context& context);
void get_event_source_mapping(Context& context);
void list_event_source_mappings(Context& context);
void update_event_source_mapping(Context& context);
void delete_event_source_mapping(Context& context);

const std::vector<Route>& routes();

// Helpers.
Result<Json> parse_body(const RestRequest& request);
void respond_json(Context& context, int status, const Json& body);
void respond_error(Context& context, const AwsError& error);
AwsError invalid_parameter(const std::string& message);
Json function_json(const FunctionDescription& function);
Json mapping_json(const esm::MappingDescription& mapping);

}  // namespace streamlab::lambda::actions
