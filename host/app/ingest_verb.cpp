// `agenthost ingest --user NAME [--pipeline P] FILE|DIR...`: adds local files to a user's
// documents through the same code the document.process job runs (DocumentIngestor), directly
// rather than through the queue, so they are ready and searchable when the command returns.
//
// Every file is tried; one that fails (unsupported type, too large, corrupt, a cleaning step
// refusing it) is listed in the summary with its reason and leaves no half-indexed document.
// Exit status: 0 all ingested, 1 any failed (or nothing could start: unknown user or pipeline).
#include "app/cache_wiring.hpp"
#include "app/deployment.hpp"
#include "app/ingest_progress.hpp"
#include "app/store_setup.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"
#include "common/logger.hpp"
#include "config/config_error.hpp"
#include "documents/content_type.hpp"
#include "documents/document_ingestor.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/pipeline_runner.hpp"
#include "plugins/ttl_cache.hpp"
#include "store/document_store.hpp"
#include "store/user_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace agenthost::app {
namespace {

namespace fs = std::filesystem;

struct InputFile {
  fs::path path;
  std::string name;       // stored as the document's filename
  std::uint64_t size = 0;
  std::string problem;    // set when the file cannot even be tried
};

// Files given directly keep their own name; files found in a directory are named by their path
// below it ("guide/intro.md"), so two README.md in different folders stay apart.
void add_path(const std::string& argument, std::vector<InputFile>& files) {
  std::error_code error;
  const fs::path root(argument);
  const fs::file_status status = fs::status(root, error);
  if (error || !fs::exists(status)) {
    files.push_back({root, argument, 0, "no such file or directory"});
    return;
  }
  if (fs::is_regular_file(status)) {
    files.push_back({root, root.filename().string(), fs::file_size(root, error), {}});
    return;
  }
  if (!fs::is_directory(status)) {
    files.push_back({root, argument, 0, "not a regular file or directory"});
    return;
  }
  std::vector<InputFile> found;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    found.push_back({it->path(), it->path().lexically_relative(root).generic_string(), it->file_size(error), {}});
  }
  if (error) files.push_back({root, argument, 0, "cannot read the directory: " + error.message()});
  std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
  files.insert(files.end(), found.begin(), found.end());
}

struct Failure {
  std::string name;
  std::string reason;
};

// Ingests one file; returns the outcome text for the progress display, or throws with the reason.
std::string ingest_file(documents::DocumentIngestor& ingestor, const store::UserRecord& user, const InputFile& file,
                        const std::optional<std::string>& pipeline, std::size_t max_size, IngestProgress& progress) {
  if (!file.problem.empty()) throw Error(ErrorKind::invalid_request, file.problem);
  const std::optional<std::string> type = documents::detect_content_type("", file.name);
  if (!type)
    throw Error(ErrorKind::unsupported_media,
                "unsupported type; supported: " + documents::supported_content_types_text() +
                    " (by extension: .txt .md .html .pdf .docx)");
  if (file.size > max_size)
    throw Error(ErrorKind::payload_too_large, "larger than [documents] max_size (" +
                                                  IngestProgress::bytes_text(max_size) + ")");
  std::ifstream input(file.path, std::ios::binary);
  if (!input) throw Error(ErrorKind::invalid_request, "cannot open it for reading");
  const store::DocumentRecord document = ingestor.store_upload(user.id, file.name, *type, input, pipeline);
  try {
    const documents::IngestResult result = ingestor.process(document.id, [&](const documents::IngestProgress& step) {
      if (step.status == "extracting") progress.file_bytes(static_cast<std::uint64_t>(step.completed));
    });
    return "ready (" + std::to_string(result.page_count) + (result.page_count == 1 ? " page, " : " pages, ") +
           std::to_string(result.chunk_count) + (result.chunk_count == 1 ? " chunk)" : " chunks)");
  } catch (const documents::IngestFailure&) {
    throw; // the document is failed already
  } catch (const std::exception& e) {
    // Not retried here: the CLI has no queue. The document must not stay "processing".
    ingestor.fail(document.id, e.what());
    throw;
  }
}

} // namespace

int run_ingest(const Command& command) {
  config::LoadResult loaded = load_deployment_config(command);
  if (!loaded.errors.empty()) config::throw_config_errors(loaded.errors);
  const config::Config& config = loaded.config;

  // Plugin and store chatter stays out of the progress display; warnings still show.
  auto logger = std::make_shared<Logger>(LogLevel::warn);
  const plugins::PluginCatalog catalog = discover_plugins(config);
  plugins::TtlCache cache;
  plugins::Metrics metrics;
  plugins::HostServices services(*logger, cache, metrics);
  const std::unique_ptr<plugins::InstanceSet> instances = plugins::create_configured_instances(catalog, config, services);
  const MigratedStore store = open_migrated_store(config, data_dir_of(command));
  // Cleaning steps that cache share the store's cache with serve (a plugin caching while it was
  // created used memory).
  StoreCacheService store_cache(*store.database);
  services.set_cache_service(&store_cache);

  store::UserStore users(*store.database);
  const std::optional<store::UserRecord> user = users.find_user_by_name(command.user);
  if (!user)
    throw Error(ErrorKind::not_found,
                "no user named '" + command.user + "'; `agenthost users list` shows the users");
  const plugins::PipelineRunner pipelines(*instances, config.pipelines, config.documents.pipeline_by_type);
  std::optional<std::string> pipeline;
  if (!command.pipeline.empty()) {
    pipeline = command.pipeline;
    pipelines.steps_for(pipeline, ""); // an unknown pipeline stops here, before any file
  }
  store::DocumentStore documents(*store.database);
  documents::DocumentIngestor ingestor(
      documents, pipelines,
      documents::IngestSettings{config.documents.chunk_tokens, config.documents.chunk_overlap_tokens});

  std::vector<InputFile> files;
  for (const std::string& path : command.paths) add_path(path, files);
  std::uint64_t total_bytes = 0;
  for (const InputFile& file : files) total_bytes += file.size;

  IngestProgress progress(std::cerr, ::isatty(STDERR_FILENO) == 1, files.size(), total_bytes);
  std::vector<Failure> failures;
  for (const InputFile& file : files) {
    progress.start_file(file.name);
    try {
      progress.finish_file(file.size,
                           ingest_file(ingestor, *user, file, pipeline, config.documents.max_size_bytes, progress));
    } catch (const std::exception& e) {
      failures.push_back({file.name, e.what()});
      progress.finish_file(file.size, std::string("failed: ") + e.what());
    }
  }
  progress.close();

  const std::size_t ingested = files.size() - failures.size();
  std::cout << "ingested " << ingested << " of " << files.size() << (files.size() == 1 ? " file" : " files")
            << " for " << user->name << "; " << failures.size() << " failed\n";
  for (const Failure& failure : failures) std::cout << "  failed: " << failure.name << ": " << failure.reason << "\n";
  return failures.empty() ? 0 : 1;
}

} // namespace agenthost::app
