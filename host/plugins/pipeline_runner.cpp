#include "plugins/pipeline_runner.hpp"

#include "common/error.hpp"

namespace agenthost::plugins {
namespace {

std::string_view view(ah_str s) { return s.ptr == nullptr ? std::string_view() : std::string_view(s.ptr, s.len); }

// Keeps only what a cleaning step produces: the text of its last RESULT (moved out, never copied
// twice, so a step holds at most its input and its output) and its METADATA findings.
class CleaningSink : public CallSink {
public:
  explicit CleaningSink(std::string step) : step_(std::move(step)) {}

  bool on_event(const ah_event& event) override {
    if (event.type == AH_EVENT_RESULT) {
      result_.assign(view(event.text));
      has_result_ = true;
    } else if (event.type == AH_EVENT_METADATA) {
      findings_.push_back(PipelineFinding{step_, std::string(view(event.name)), std::string(view(event.text))});
    }
    return true;
  }

  bool has_result() const { return has_result_; }
  std::string take_result() { return std::move(result_); }
  std::vector<PipelineFinding>& findings() { return findings_; }

private:
  std::string step_;
  std::string result_;
  bool has_result_ = false;
  std::vector<PipelineFinding> findings_;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

} // namespace

std::vector<std::string> default_pipeline_steps(std::string_view content_type) {
  if (content_type == "text/html") return {"html_to_text", "normalize_unicode", "normalize_whitespace"};
  if (content_type == "application/pdf") return {"normalize_unicode", "dedupe_lines", "normalize_whitespace"};
  return {"normalize_unicode", "normalize_whitespace"};
}

PipelineRunner::PipelineRunner(const InstanceDirectory& instances, const std::vector<config::PipelineConfig>& pipelines,
                               std::map<std::string, std::string> default_by_type)
    : instances_(instances), pipelines_(pipelines), default_by_type_(std::move(default_by_type)) {}

bool PipelineRunner::has_pipeline(std::string_view name) const {
  for (const config::PipelineConfig& pipeline : pipelines_)
    if (pipeline.name == name) return true;
  return false;
}

std::vector<std::string> PipelineRunner::pipeline_names() const {
  std::vector<std::string> names;
  for (const config::PipelineConfig& pipeline : pipelines_) names.push_back(pipeline.name);
  return names;
}

std::vector<std::string> PipelineRunner::steps_for(const std::optional<std::string>& name,
                                                   std::string_view content_type) const {
  std::optional<std::string> chosen = name;
  if (!chosen) {
    if (auto configured = default_by_type_.find(std::string(content_type)); configured != default_by_type_.end())
      chosen = configured->second;
  }
  if (!chosen) return default_pipeline_steps(content_type);
  for (const config::PipelineConfig& pipeline : pipelines_)
    if (pipeline.name == *chosen) return pipeline.steps;
  const std::vector<std::string> names = pipeline_names();
  throw Error(ErrorKind::unprocessable,
              "no pipeline named '" + *chosen + "' (" +
                  (names.empty() ? "no [pipeline.NAME] section is configured" : "configured pipelines: " + join(names)) +
                  ")",
              "pipeline");
}

PipelineResult PipelineRunner::run(const std::vector<std::string>& steps, std::string text,
                                   std::string_view metadata_json, const std::atomic<bool>* cancel,
                                   const StepObserver& observer, const CallSink* parent) const {
  PipelineResult result;
  for (std::size_t index = 0; index < steps.size(); ++index) {
    const std::string& step = steps[index];
    if (observer) observer(index, steps.size(), step);
    Instance* instance = instances_.find(ComponentKind::cleaning, step);
    if (instance == nullptr) {
      const std::vector<std::string> loaded = instances_.names(ComponentKind::cleaning);
      throw Error(ErrorKind::unprocessable,
                  "cleaning step '" + step + "' is not available: no [cleaning." + step +
                      "] instance and no loaded cleaning component of that type (" +
                      (loaded.empty() ? "no cleaning steps are loaded" : "available: " + join(loaded)) +
                      "); check [plugins] search_path and the pipeline's steps");
    }
    CleaningSink sink(step);
    if (cancel != nullptr) sink.watch(*cancel);
    if (parent != nullptr) sink.follow(*parent);
    const ah_status status = instance->clean(sink, text, metadata_json);
    if (sink.cancelled()) throw Error(ErrorKind::unavailable, "the pipeline was cancelled during step '" + step + "'");
    if (status != AH_OK) {
      const std::string reason = sink.has_error() ? sink.error_message() : "status " + std::to_string(status);
      throw Error(ErrorKind::unprocessable, "cleaning step '" + step + "' failed: " + reason);
    }
    if (!sink.has_result()) {
      throw Error(ErrorKind::unprocessable, "cleaning step '" + step + "' failed: it returned no text (no RESULT event)");
    }
    text = sink.take_result();
    for (PipelineFinding& finding : sink.findings()) result.findings.push_back(std::move(finding));
  }
  result.text = std::move(text);
  return result;
}

} // namespace agenthost::plugins
