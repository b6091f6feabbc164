#include "plugins/plugin_loader.hpp"

#include "plugins/descriptor_reader.hpp"

#include <boost/dll/shared_library.hpp>

#include <dlfcn.h>

#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace agenthost::plugins {

namespace {

// Every library the host ever opened. Allocated once and deliberately never destroyed, so that
// not even static destruction at exit calls dlclose on a plugin that may still be running.
void keep_loaded_forever(boost::dll::shared_library library) {
  struct Registry {
    std::mutex mutex;
    std::vector<boost::dll::shared_library> libraries;
  };
  static Registry* const registry = new Registry();
  std::lock_guard<std::mutex> lock(registry->mutex);
  registry->libraries.push_back(std::move(library));
}

// dlopen's own explanation ("invalid ELF header", "undefined symbol: foo", ...). Boost.DLL
// leaves it pending after a failed load; it is per thread, so nothing else can have taken it.
// dlerror starts with the path, which the refusal already names.
std::string loader_message(const std::string& path, const boost::dll::fs::error_code& error) {
  const char* text = ::dlerror();
  if (!text) return error.message();
  std::string message = text;
  const std::string prefix = path + ": ";
  if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
  return message;
}

} // namespace

Inspection inspect(const std::string& path) {
  namespace dll = boost::dll;
  // dlopen's message for a missing file would be read as "broken library"; say what it is.
  if (boost::dll::fs::error_code exists_error; !boost::dll::fs::exists(path, exists_error)) {
    return Refusal{path, "no such file (check the path)", {}, {}};
  }
  boost::dll::fs::error_code error;
  dll::shared_library library(path, dll::load_mode::rtld_now | dll::load_mode::rtld_local, error);
  if (error || !library.is_loaded()) {
    return Refusal{path,
                   "not a loadable shared object: " + loader_message(path, error) +
                       " (build a shared library for this platform; check `ldd` for missing libraries)",
                   {},
                   {}};
  }
  const bool has_entry = library.has(AGENTHOST_ENTRY_SYMBOL);
  using EntryFunction = std::remove_pointer_t<ah_plugin_entry_fn>;
  EntryFunction* entry = has_entry ? &library.get<EntryFunction>(AGENTHOST_ENTRY_SYMBOL) : nullptr;
  keep_loaded_forever(std::move(library));
  if (!entry) {
    return Refusal{path,
                   std::string("no entry symbol '") + AGENTHOST_ENTRY_SYMBOL +
                       "' (declare the plugin with AGENTHOST_PLUGIN(...) and build it with agenthost_add_plugin(), "
                       "whose export list keeps the symbol)",
                   {},
                   {}};
  }
  // A C++ plugin's entry function may throw, and reading a descriptor allocates; either must
  // refuse this one file, not abort discovery (and with it the whole host).
  const ah_plugin_descriptor* descriptor = nullptr;
  try {
    descriptor = entry();
  } catch (const std::exception& e) {
    return Refusal{path, std::string("the entry function threw: ") + e.what() + " (fix the plugin)", {}, {}};
  } catch (...) {
    return Refusal{path, "the entry function threw an exception that is not a std::exception (fix the plugin)", {}, {}};
  }
  try {
    return read_descriptor(descriptor, path);
  } catch (const std::exception& e) {
    return Refusal{path, std::string("the host failed to read the descriptor: ") + e.what(), {}, {}};
  }
}

} // namespace agenthost::plugins
