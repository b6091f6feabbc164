// /api/v1/documents (see document_routes.hpp). Every route is scoped to the caller in the SQL.
#include "http/api/document_routes.hpp"

#include "common/error.hpp"
#include "http/api/api_route.hpp"
#include "http/api/document_json.hpp"
#include "http/api/document_upload.hpp"
#include "store/document_store.hpp"
#include "store/pagination.hpp"

#include <agenthost/json.hpp>

#include <charconv>
#include <string>
#include <string_view>

namespace agenthost::http {

namespace {

Error document_not_found(std::string_view id) {
  return Error(ErrorKind::not_found,
               "document '" + std::string(id) + "' not found; list yours with GET /api/v1/documents");
}

ApiReply list_documents(ApiCall& call, store::DocumentStore& documents) {
  const auto page = store::page_request(call.request.query("limit"), call.request.query("cursor"));
  return ApiReply::json(200, json::dump(document_page_json(documents.list(call.caller().id, page))));
}

ApiReply show_document(ApiCall& call, store::DocumentStore& documents) {
  const std::string& id = call.request.path_param("id");
  const auto document = documents.find(call.caller().id, id);
  if (!document) throw document_not_found(id);
  return ApiReply::json(200, json::dump(document_json(*document)));
}

ApiReply delete_document(ApiCall& call, store::DocumentStore& documents) {
  const std::string& id = call.request.path_param("id");
  if (!documents.remove(call.caller().id, id)) throw document_not_found(id);
  return ApiReply::no_content();
}

int search_limit(const Request& request) {
  const auto text = request.query("limit");
  if (!text) return store::kDefaultSearchLimit;
  int limit = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > store::kMaxSearchLimit) {
    throw Error(ErrorKind::unprocessable,
                "limit must be a whole number from 1 to " + std::to_string(store::kMaxSearchLimit) + ", got '" + *text + "'",
                "limit");
  }
  return limit;
}

ApiReply search_documents(ApiCall& call, store::DocumentStore& documents) {
  const auto query = call.request.query("q");
  if (!query || query->find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::unprocessable, "q is required: the words to search your documents for, e.g. ?q=invoice+total",
                "q");
  const int limit = search_limit(call.request);
  return ApiReply::json(200, json::dump(search_hits_json(documents.search(call.caller().id, *query, limit))));
}

} // namespace

void register_document_routes(Router& router, std::shared_ptr<ApiContext> context, DocumentServices services) {
  auto documents = std::make_shared<store::DocumentStore>(context->database);
  auto shared = std::make_shared<const DocumentServices>(std::move(services));
  add_api_route(router, context, "GET", "/api/v1/documents", Access::user,
                [documents](ApiCall& call) { return list_documents(call, *documents); });
  add_api_route(router, context, "GET", "/api/v1/documents/search", Access::user,
                [documents](ApiCall& call) { return search_documents(call, *documents); });
  add_api_route(router, context, "GET", "/api/v1/documents/{id}", Access::user,
                [documents](ApiCall& call) { return show_document(call, *documents); });
  add_api_route(router, context, "DELETE", "/api/v1/documents/{id}", Access::user,
                [documents](ApiCall& call) { return delete_document(call, *documents); });
  if (shared->jobs) {
    add_api_route(router, context, "POST", "/api/v1/documents", Access::user,
                  [documents, shared](ApiCall& call) { return upload_document(call, *shared, *documents); });
  }
}

} // namespace agenthost::http
