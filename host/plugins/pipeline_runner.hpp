// Runs a cleaning pipeline: text through each step's cleaning instance, in order.
//
// A pipeline is named by a [pipeline.NAME] section (steps = a, b, c) or is one of the built-in
// defaults per content type (see default_pipeline_steps). A step name is a configured
// [cleaning.NAME] instance or, without such a section, a cleaning component type used with its
// default settings (the host creates that implicit instance at startup, see instance_plan).
//
// One runner serves the document job, the `agenthost ingest` CLI and the run_pipeline host
// service, so a plugin's pipeline run is the documents' pipeline run.
#pragma once

#include "config/config.hpp"
#include "plugins/instance.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::plugins {

// The steps used for `content_type` when no pipeline is named and [documents] names none:
// text/html → html_to_text, normalize_unicode, normalize_whitespace; application/pdf →
// normalize_unicode, dedupe_lines, normalize_whitespace; everything else → normalize_unicode,
// normalize_whitespace.
std::vector<std::string> default_pipeline_steps(std::string_view content_type);

struct PipelineFinding {
  std::string step;  // the step that reported it
  std::string name;  // e.g. "redactions"
  std::string value; // e.g. "3"
};

struct PipelineResult {
  std::string text;
  std::vector<PipelineFinding> findings;
};

// Called before each step (index from 0) so callers can report progress.
using StepObserver = std::function<void(std::size_t index, std::size_t count, const std::string& step)>;

class PipelineRunner {
public:
  // `pipelines` and `default_by_type` ([documents] pipeline.TYPE = NAME) must outlive the runner,
  // as must `instances`.
  PipelineRunner(const InstanceDirectory& instances, const std::vector<config::PipelineConfig>& pipelines,
                 std::map<std::string, std::string> default_by_type = {});

  // Whether a [pipeline.NAME] exists.
  bool has_pipeline(std::string_view name) const;
  // Names of the configured pipelines (for "unknown pipeline" messages).
  std::vector<std::string> pipeline_names() const;

  // The steps of pipeline `name` or, when `name` is nullopt, of the default for `content_type`.
  // Throws Error(unprocessable, field "pipeline") for an unknown pipeline name.
  std::vector<std::string> steps_for(const std::optional<std::string>& name, std::string_view content_type) const;

  // Runs `steps` over `text`. metadata_json is handed to every step as is. A failing step
  // throws Error(unprocessable) "cleaning step 'NAME' failed: REASON"; a step that is not
  // available throws Error(unprocessable) "cleaning step 'NAME' is not available: ...".
  // `cancel` (optional) cancels the step in progress; a cancelled run throws Error(unavailable).
  // `parent` (optional): the plugin call this run is nested in (run_pipeline), whose
  // cancellation ends it too.
  PipelineResult run(const std::vector<std::string>& steps, std::string text, std::string_view metadata_json,
                     const std::atomic<bool>* cancel = nullptr, const StepObserver& observer = {},
                     const CallSink* parent = nullptr) const;

private:
  const InstanceDirectory& instances_;
  const std::vector<config::PipelineConfig>& pipelines_;
  std::map<std::string, std::string> default_by_type_;
};

} // namespace agenthost::plugins
