#include "web_tools_turns.hpp"

#include "api_client.hpp"
#include "json_log.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace agenthost::integration {
namespace {

std::string directory_of(const std::string& file) { return file.substr(0, file.rfind('/')); }

RunningHost start(const ScratchDeployment& deployment, const std::vector<json::Value>& replies,
                  const std::string& tool_sections, const std::string& tools, const std::string& store_url) {
  const json::Value script = json::Value::object({{"replies", json::Value(json::Value::Array(replies))}});
  std::ofstream(directory_of(deployment.config_file()) + "/script.json") << json::dump(script);
  std::string config;
  if (!store_url.empty()) config += "[store]\nurl = " + store_url + "\n\n";
  config += "[backend.demo]\nplugin = scripted\ntoken_delay_ms = 0\nscript = script.json\n\n" + tool_sections +
            "\n[agent.demo]\nbackend = demo\nmodel = demo\ntools = " + tools + "\n";
  deployment.rewrite_config(config);
  return deployment.serve();
}

bool is_terminal_job_state(const std::string& state) {
  return state == "succeeded" || state == "failed" || state == "cancelled";
}

// The job once it is terminal: the turn's terminal event is appended before the job row is
// finished, so the record may lag the stream by a moment. Bounded, like every wait here.
json::Value finished_job(const TurnClient& client, const std::string& job_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  json::Value job;
  while (std::chrono::steady_clock::now() < deadline) {
    job = json_of(api_call(client.port(), "GET", "/api/v1/jobs/" + job_id, client.token()));
    if (is_terminal_job_state(text_of(job["state"]))) return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return job;
}

} // namespace

json::Value scripted_call(const std::string& tool, json::Value arguments) {
  return json::Value::object(
      {{"tool_call", json::Value::object({{"name", tool}, {"arguments", std::move(arguments)}})}});
}

json::Value scripted_reply(const std::string& match, const std::vector<json::Value>& calls,
                           const std::string& then_text) {
  return json::Value::object({{"match", match},
                              {"steps", json::Value(json::Value::Array(calls))},
                              {"then", json::Value::array({json::Value::object({{"text", then_text}})})}});
}

WebToolsHost::WebToolsHost(const std::vector<json::Value>& replies, const std::string& tool_sections,
                           const std::string& tools, const std::string& store_url)
    : deployment_(""), host_(start(deployment_, replies, tool_sections, tools, store_url)), client_(host_) {}

std::string WebToolsHost::output() const {
  return "stdout:\n" + host_.process->stdout_text() + "\nstderr:\n" + host_.process->stderr_text();
}

std::optional<int> WebToolsHost::stop_host() { return stop(host_); }

bool WebToolsHost::restart() {
  if (stop(host_) != 0) return false;
  host_ = deployment_.serve();
  client_ = TurnClient(host_.port.value_or(0), client_.token());
  return started();
}

std::optional<int> WebToolsHost::exit_status() { return host_.process->wait_for_exit(std::chrono::seconds(20)); }

std::string FinishedTurn::terminal_type() const {
  return !events.empty() && is_terminal(events.back()) ? events.back().type : "";
}

std::vector<SseEvent> FinishedTurn::tool_results() const { return of_type(events, "tool_call.completed"); }

json::Value FinishedTurn::completed_call(const std::string& argument, const std::string& value) const {
  for (const SseEvent& started : of_type(events, "tool_call.started")) {
    if (text_of(started.data["arguments"][argument]) != value) continue;
    for (const SseEvent& completed : tool_results())
      if (completed.data["id"] == started.data["id"]) return completed.data;
  }
  return json::Value();
}

std::int64_t FinishedTurn::cache_count(const std::string& scope, const std::string& name) const {
  const json::Value& count = job["result"]["cache"]["by_instance"][scope][name];
  return count.is_int() ? count.as_int() : -1;
}

std::string FinishedTurn::describe() const {
  std::string text = "POST status " + std::to_string(post_status) + "; events:";
  for (const SseEvent& event : events) text += "\n  " + event.type + " " + json::dump(event.data);
  return text + "\njob: " + json::dump(job);
}

FinishedTurn run_turn(const TurnClient& client, WebConversation& conversation, const std::string& message) {
  FinishedTurn turn;
  const HttpReply posted = client.post_message(conversation.id, message);
  turn.post_status = posted.status;
  if (posted.status != 202) return turn;
  const std::string job_id = text_of(json_of(posted)["job"]["id"]);
  turn.events = client.events(conversation.id, "?after=" + std::to_string(conversation.last_event_id)).until_terminal();
  if (!turn.events.empty()) conversation.last_event_id = turn.events.back().id;
  turn.job = finished_job(client, job_id);
  return turn;
}

FinishedTurn run_turn_in_new_conversation(const TurnClient& client, const std::string& message) {
  WebConversation conversation{client.new_conversation()};
  return run_turn(client, conversation, message);
}

} // namespace agenthost::integration
