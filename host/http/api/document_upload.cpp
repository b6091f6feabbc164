#include "http/api/document_upload.hpp"

#include "common/error.hpp"
#include "documents/content_type.hpp"
#include "documents/process_document_job.hpp"
#include "http/api/document_json.hpp"
#include "http/multipart_reader.hpp"
#include "queue/job.hpp"

#include <agenthost/json.hpp>

#include <Poco/Net/HTTPServerRequest.h>

#include <exception>
#include <functional>
#include <istream>
#include <optional>
#include <string>

namespace agenthost::http {

namespace {

// Room for the boundaries, part headers and small fields around the file in a multipart body.
constexpr std::size_t kFormOverhead = 64 * 1024;
constexpr std::size_t kMaxFormField = 8 * 1024;
constexpr int kMaxFormParts = 16;
constexpr std::size_t kReadSize = 64 * 1024;

// Reads up to `capacity` bytes of the upload; 0 at its end.
using UploadSource = std::function<std::size_t(char* out, std::size_t capacity)>;

Error too_large(std::size_t max_size) {
  return Error(ErrorKind::payload_too_large,
               "the document is larger than the limit of " + std::to_string(max_size) +
                   " bytes ([documents] max_size); split it or ask the operator to raise the limit");
}

// Writes the upload into the document's blob pieces as it arrives, counting it against the cap.
std::int64_t store_pieces(store::DocumentStore& documents, const std::string& document_id, std::size_t max_size,
                          const UploadSource& source) {
  std::string piece;
  piece.reserve(store::kMaxBlobPiece);
  std::int64_t seq = 0;
  std::size_t total = 0;
  char buffer[kReadSize];
  for (;;) {
    const std::size_t n = source(buffer, sizeof buffer);
    if (n == 0) break;
    total += n;
    if (total > max_size) throw too_large(max_size);
    for (std::size_t offset = 0; offset < n;) {
      const std::size_t take = std::min(n - offset, store::kMaxBlobPiece - piece.size());
      piece.append(buffer + offset, take);
      offset += take;
      if (piece.size() == store::kMaxBlobPiece) {
        documents.append_blob(document_id, seq++, piece);
        piece.clear();
      }
    }
  }
  if (!piece.empty()) documents.append_blob(document_id, seq, piece);
  return static_cast<std::int64_t>(total);
}

std::string normalized_type(std::string_view declared, std::string_view filename) {
  const std::optional<std::string> type = documents::detect_content_type(declared, filename);
  if (!type) {
    throw Error(ErrorKind::unsupported_media, "cannot ingest '" + std::string(filename) + "' of type '" +
                                                  std::string(declared.empty() ? "(none given)" : declared) +
                                                  "'; supported types: " + documents::supported_content_types_text());
  }
  return *type;
}

// What the request says about the document before its content is read.
struct UploadIntent {
  std::string filename;
  std::string content_type;
  std::optional<std::string> pipeline;
};

// Creates the document, streams `source` into it, then enqueues its job and records size and
// job in one transaction. A failure on the way removes the half-stored document.
store::DocumentRecord store_upload(ApiCall& call, const DocumentServices& services, store::DocumentStore& documents,
                                   const UploadIntent& intent, const UploadSource& source,
                                   const std::function<void()>& after_content) {
  const std::string& owner = call.caller().id;
  store::DocumentRecord document = documents.create(owner, intent.filename, intent.content_type, intent.pipeline);
  try {
    document.size = store_pieces(documents, document.id, services.max_size_bytes, source);
    if (after_content) after_content();
    const queue::JobSpec spec = documents::process_document_job(owner, document.id);
    documents.database().transaction([&](store::Connection& connection) {
      const queue::JobRecord job = services.jobs->enqueue(connection, spec);
      documents.finish_upload(connection, document.id, document.size, job.id);
      document.job_id = job.id;
    });
  } catch (...) {
    try {
      documents.remove(owner, document.id);
    } catch (const std::exception&) {
      // The original failure is what the client must hear; the row stays queued with no job.
    }
    throw;
  }
  if (services.wake_workers) services.wake_workers();
  return document;
}

std::optional<std::string> pipeline_of(const Request& request, const DocumentServices& services) {
  std::optional<std::string> pipeline = request.query("pipeline");
  if (!pipeline) return std::nullopt;
  if (pipeline->empty())
    throw Error(ErrorKind::unprocessable, "pipeline is empty; name a configured [pipeline.NAME] or leave it out",
                "pipeline");
  if (!services.check_pipeline)
    throw Error(ErrorKind::unprocessable,
                "no pipeline named '" + *pipeline + "' is configured; leave ?pipeline= out for the default", "pipeline");
  services.check_pipeline(*pipeline);
  return pipeline;
}

ApiReply upload_multipart(ApiCall& call, const DocumentServices& services, store::DocumentStore& documents,
                          std::istream& body, const std::string& boundary, std::optional<std::string> pipeline) {
  MultipartReader reader(body, boundary);
  std::optional<store::DocumentRecord> stored;
  for (int parts = 0; reader.next_part(); ++parts) {
    if (parts >= kMaxFormParts)
      throw Error(ErrorKind::invalid_request, "the form has more than " + std::to_string(kMaxFormParts) +
                                                  " parts; send only the field 'file'");
    const MultipartPart part = reader.part();
    if (part.name != "file" || stored) {
      // Other fields are skipped, but bounded: they cannot smuggle a second upload past the cap.
      char discard[1024];
      std::size_t skipped = 0;
      for (std::size_t n; (n = reader.read(discard, sizeof discard)) > 0;) {
        skipped += n;
        if (skipped > kMaxFormField)
          throw Error(ErrorKind::payload_too_large, "form field '" + part.name + "' is larger than " +
                                                        std::to_string(kMaxFormField) +
                                                        " bytes; send the document in the one field 'file'");
      }
      continue;
    }
    UploadIntent intent;
    intent.filename = part.filename.value_or(call.request.query("filename").value_or(""));
    if (intent.filename.empty())
      throw Error(ErrorKind::unprocessable, "the 'file' part has no filename; send it as a file (curl -F file=@NAME)",
                  "file");
    intent.content_type = normalized_type(part.content_type, intent.filename);
    intent.pipeline = pipeline;
    // The closing boundary is read before the job is enqueued: a body cut short is no upload.
    stored = store_upload(
        call, services, documents, intent, [&](char* out, std::size_t capacity) { return reader.read(out, capacity); },
        [&] {
          while (reader.next_part()) {
            char discard[1024];
            std::size_t skipped = 0;
            for (std::size_t n; (n = reader.read(discard, sizeof discard)) > 0;)
              if ((skipped += n) > kMaxFormField) throw too_large(services.max_size_bytes);
          }
        });
  }
  if (!stored)
    throw Error(ErrorKind::unprocessable,
                "the form has no field 'file'; send the document as multipart/form-data field 'file'", "file");
  return ApiReply::json(201, json::dump(document_json(*stored)));
}

ApiReply upload_raw(ApiCall& call, const DocumentServices& services, store::DocumentStore& documents,
                    std::istream& body, const std::string& declared_type, std::optional<std::string> pipeline) {
  UploadIntent intent;
  intent.filename = call.request.query("filename").value_or("");
  if (intent.filename.empty())
    throw Error(ErrorKind::unprocessable,
                "name the document with ?filename=NAME (or send it as multipart/form-data field 'file')", "filename");
  intent.content_type = normalized_type(declared_type, intent.filename);
  intent.pipeline = std::move(pipeline);
  Poco::Net::HTTPServerRequest& poco = call.request.poco();
  const bool fixed_length = !poco.getChunkedTransferEncoding() && poco.hasContentLength();
  std::size_t received = 0;
  const UploadSource source = [&](char* out, std::size_t capacity) -> std::size_t {
    if (!body) return 0;
    try {
      body.read(out, static_cast<std::streamsize>(capacity));
    } catch (const std::exception& e) {
      throw Error(ErrorKind::invalid_request,
                  std::string("the upload broke off while it was being read (") + e.what() + "); send it again");
    }
    const auto n = static_cast<std::size_t>(body.gcount());
    received += n;
    return n;
  };
  const auto check_complete = [&] {
    if (body.bad() || (fixed_length && received < static_cast<std::size_t>(poco.getContentLength64())))
      throw Error(ErrorKind::invalid_request, "the upload ended after " + std::to_string(received) +
                                                  " bytes, before its declared length; send it again");
  };
  const store::DocumentRecord stored = store_upload(call, services, documents, intent, source, check_complete);
  return ApiReply::json(201, json::dump(document_json(stored)));
}

} // namespace

ApiReply upload_document(ApiCall& call, const DocumentServices& services, store::DocumentStore& documents) {
  // Everything that can be refused without the content is refused before reading it.
  std::optional<std::string> pipeline = pipeline_of(call.request, services);
  const std::string declared_type = call.request.header("Content-Type").value_or("");
  const std::optional<std::string> boundary = form_data_boundary(declared_type);

  Poco::Net::HTTPServerRequest& poco = call.request.poco();
  const bool chunked = poco.getChunkedTransferEncoding();
  if (!chunked && (!poco.hasContentLength() || poco.getContentLength64() <= 0))
    throw Error(ErrorKind::invalid_request, "the upload is empty; send the document as the body");
  const std::size_t declared_limit = services.max_size_bytes + (boundary ? kFormOverhead : 0);
  if (!chunked && static_cast<unsigned long long>(poco.getContentLength64()) > declared_limit)
    throw too_large(services.max_size_bytes);

  std::istream& body = poco.stream();
  ApiReply reply = boundary ? upload_multipart(call, services, documents, body, *boundary, std::move(pipeline))
                            : upload_raw(call, services, documents, body, declared_type, std::move(pipeline));
  // Stored: when nothing is left of the body (a multipart epilogue would be), the connection
  // can serve the client's next request instead of closing.
  if (body.peek() == std::char_traits<char>::eof()) call.request.body_read_to_end();
  return reply;
}

} // namespace agenthost::http
