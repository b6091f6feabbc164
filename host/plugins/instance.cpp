#include "plugins/instance.hpp"

#include "plugins/call_status.hpp"
#include "plugins/host_services.hpp"

#include <utility>
#include <variant>

namespace agenthost::plugins {

namespace {

ah_str to_ah(std::string_view s) { return ah_str{s.data(), s.size()}; }

std::vector<const Instance*>& active_instances() {
  thread_local std::vector<const Instance*> active;
  return active;
}

// The sink of each call in active_instances(), at the same index.
std::vector<CallSink*>& active_calls() {
  thread_local std::vector<CallSink*> calls;
  return calls;
}

// Marks this thread as inside `instance`, running the call that reports to `sink`, for the
// scope of one call.
class ActiveOnThisThread {
public:
  ActiveOnThisThread(const Instance* instance, CallSink* sink) {
    active_instances().push_back(instance);
    active_calls().push_back(sink);
  }
  ActiveOnThisThread(const ActiveOnThisThread&) = delete;
  ActiveOnThisThread& operator=(const ActiveOnThisThread&) = delete;
  ~ActiveOnThisThread() {
    active_calls().pop_back();
    active_instances().pop_back();
  }
};

} // namespace

const std::vector<const Instance*>& Instance::active_on_this_thread() { return active_instances(); }

CallSink* Instance::current_call(const Instance& instance) {
  const std::vector<const Instance*>& instances = active_instances();
  for (std::size_t i = instances.size(); i-- > 0;)
    if (instances[i] == &instance) return active_calls()[i];
  return nullptr;
}

Instance::Instance(ComponentInfo component, std::string name, InstanceContext context)
    : component_(std::move(component)), name_(std::move(name)), handle_{this, context.services, context.directory} {}

std::unique_ptr<Instance> Instance::create(ComponentInfo component, std::string name, const std::string& settings_json,
                                           InstanceContext context, CallSink& sink) {
  std::unique_ptr<Instance> instance(new Instance(std::move(component), std::move(name), context));
  ah_call call{&sink, &instance->handle_};
  void* self = nullptr;
  const ah_status status = instance->component_.raw.create(context.services->table(), &instance->handle_,
                                                           to_ah(settings_json), &call, &self);
  if (status == AH_OK && self) {
    instance->self_ = self;
    return instance;
  }
  if (status == AH_OK) {
    sink.set_error(AH_ERR_INTERNAL,
                   "create returned success but no instance; the plugin is broken (report it to its author)");
  } else if (!sink.has_error()) {
    sink.set_error(status, "create failed (" + status_name(status) +
                               ") without saying why; check the host log for its messages");
  }
  // Whatever create may have allocated on failure is the plugin's to free: without an instance
  // there is nothing the host may hand to destroy.
  return nullptr;
}

Instance::~Instance() {
  {
    std::unique_lock<std::mutex> lock(flight_mutex_);
    closing_ = true;
    flight_done_.wait(lock, [this] { return calls_in_flight_ == 0; });
  }
  if (self_) component_.raw.destroy(self_);
}

bool Instance::enter_call() {
  std::lock_guard<std::mutex> lock(flight_mutex_);
  if (closing_) return false;
  ++calls_in_flight_;
  return true;
}

void Instance::leave_call() {
  std::lock_guard<std::mutex> lock(flight_mutex_);
  if (--calls_in_flight_ == 0) flight_done_.notify_all();
}

std::string Instance::section() const { return std::string(kind_name(component_.kind)) + "." + name_; }

std::string Instance::label() const {
  return std::string(kind_name(component_.kind)) + " '" + name_ + "' (" + component_.type_name + " from " +
         component_.plugin_path + ")";
}

ah_status Instance::unsupported(CallSink& sink, const std::string& message) const {
  sink.set_error(AH_ERR_UNSUPPORTED, message);
  return AH_ERR_UNSUPPORTED;
}

void Instance::explain_silent_failure(CallSink& sink, const char* operation, ah_status status) const {
  if (sink.has_error()) return;
  sink.set_error(status, label() + " failed in " + operation + " (" + status_name(status) +
                             ") without saying why; check the host log for its messages");
}

template <class Table, class Function, class... Args>
ah_status Instance::call(CallSink& sink, const char* operation, Function Table::*member, Args... args) {
  const Table* table = std::get_if<Table>(&component_.api);
  if (!table)
    return unsupported(sink,
                       label() + " is a " + kind_name(component_.kind) + ", which has no " + operation + " operation");
  const Function function = table->*member;
  if (!function) return unsupported(sink, label() + " does not implement " + operation);
  if (!enter_call()) {
    sink.set_error(AH_ERR_UNAVAILABLE, label() + ": instance is shutting down");
    return AH_ERR_UNAVAILABLE;
  }
  struct LeaveCall {
    Instance& instance;
    ~LeaveCall() { instance.leave_call(); }
  } leave{*this};
  std::unique_lock<std::mutex> serialized(call_mutex_, std::defer_lock);
  if (!component_.thread_safe()) serialized.lock();
  const ActiveOnThisThread active(this, &sink);
  ah_call handle{&sink, &handle_};
  const ah_status status = function(self_, &handle, args...);
  if (status != AH_OK) explain_silent_failure(sink, operation, status);
  return status;
}

ah_status Instance::chat(CallSink& sink, std::string_view request_json) {
  return call(sink, "chat", &ah_backend_api::chat, to_ah(request_json));
}

ah_status Instance::list_models(CallSink& sink) { return call(sink, "list_models", &ah_backend_api::list_models); }

ah_status Instance::pull_model(CallSink& sink, std::string_view model) {
  return call(sink, "pull_model", &ah_backend_api::pull_model, to_ah(model));
}

ah_status Instance::describe(CallSink& sink) {
  if (component_.kind == ComponentKind::backend) return call(sink, "describe", &ah_backend_api::describe);
  return call(sink, "describe", &ah_tool_api::describe);
}

ah_status Instance::invoke(CallSink& sink, std::string_view arguments_json) {
  return call(sink, "invoke", &ah_tool_api::invoke, to_ah(arguments_json));
}

ah_status Instance::apply(CallSink& sink, std::string_view request_json) {
  return call(sink, "apply", &ah_strategy_api::apply, to_ah(request_json));
}

ah_status Instance::clean(CallSink& sink, std::string_view text, std::string_view metadata_json) {
  return call(sink, "clean", &ah_cleaning_api::clean, to_ah(text), to_ah(metadata_json));
}

} // namespace agenthost::plugins
