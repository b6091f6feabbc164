// Context windows of OpenAI's current model families, by model-name prefix (the longest matching
// prefix wins, so "gpt-4o-mini-2024-07-18" gets "gpt-4o-mini"'s entry). Figures are OpenAI's
// published context windows (platform.openai.com/docs/models, checked 2026-11); an operator
// overrides or extends them with the instance setting `context_windows`.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace openai_backend {

inline std::map<std::string, int64_t> openai_context_windows() {
  return {
      {"gpt-5", 400000},          {"gpt-4.1", 1047576},      {"gpt-4.5", 128000},
      {"gpt-4o", 128000},         {"chatgpt-4o", 128000},    {"gpt-4-turbo", 128000},
      {"gpt-4-1106", 128000},     {"gpt-4-0125", 128000},    {"gpt-4-32k", 32768},
      {"gpt-4", 8192},            {"gpt-3.5-turbo", 16385},  {"o1", 200000},
      {"o1-mini", 128000},        {"o1-preview", 128000},    {"o3", 200000},
      {"o3-mini", 200000},        {"o4-mini", 200000},
  };
}

} // namespace openai_backend
