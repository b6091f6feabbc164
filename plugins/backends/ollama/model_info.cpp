#include "model_info.hpp"

#include <sstream>
#include <string>

namespace ollama {

namespace json = agenthost::json;

namespace {

int64_t positive_int(const json::Value* v) { return v && v->is_int() && v->as_int() > 0 ? v->as_int() : 0; }

// "parameters" is Modelfile text, one "name value" per line: "num_ctx 8192\nstop \"<|eot|>\"".
int64_t num_ctx_of_parameters(const json::Value* parameters) {
  if (!parameters || !parameters->is_string()) return 0;
  std::istringstream lines(parameters->as_string());
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name;
    long long value = 0;
    if (words >> name && name == "num_ctx" && words >> value && value > 0) return value;
  }
  return 0;
}

int64_t trained_length(const json::Value* model_info) {
  if (!model_info || !model_info->is_object()) return 0;
  if (const json::Value* arch = model_info->find("general.architecture"); arch && arch->is_string()) {
    if (const int64_t n = positive_int(model_info->find(arch->as_string() + ".context_length"))) return n;
  }
  // A server that leaves out the architecture: any "<arch>.context_length" will do.
  for (const auto& [key, value] : model_info->as_object()) {
    const std::string suffix = ".context_length";
    if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
      if (const int64_t n = positive_int(&value)) return n;
    }
  }
  return 0;
}

} // namespace

ModelInfo model_info_from_show(const json::Value& show, const json::Value& options) {
  ModelInfo info;
  if (!show.is_object()) return info;
  info.context_window = options.is_object() ? positive_int(options.find("num_ctx")) : 0;
  if (info.context_window == 0) info.context_window = num_ctx_of_parameters(show.find("parameters"));
  if (info.context_window == 0) info.context_window = trained_length(show.find("model_info"));
  if (const json::Value* capabilities = show.find("capabilities"); capabilities && capabilities->is_array())
    info.capabilities = *capabilities;
  return info;
}

} // namespace ollama
