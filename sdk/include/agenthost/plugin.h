/*
 * agenthost plugin ABI, version 1.
 *
 * This header is the whole contract between the agenthost host and a plugin shared library.
 * It is plain C on purpose: a plugin built today, with any compiler, must keep loading into
 * hosts built later. Nothing from the C++ standard library crosses this boundary.
 *
 * Rules (see docs/plugin-authoring.md for the long form):
 *   - The one exported symbol is `agenthost_plugin_v1`. It returns a static descriptor.
 *   - Every struct starts with `struct_size` and only ever grows at its end. A reader copies
 *     min(struct_size, sizeof(what it knows)) into zeroed storage, so a field it does not
 *     know is never read and a field the other side does not know reads as zero.
 *   - The host accepts a plugin when AGENTHOST_ABI_MAJOR matches and the minor the plugin was
 *     built against is not newer than the host's. A breaking change gets a new entry symbol.
 *   - Strings are borrowed `{ptr, len}` views, valid for the duration of the call only; they
 *     need not be NUL-terminated and may contain any UTF-8. Anything a plugin returns goes
 *     through a host-owned sink (`emit`, `set_error`, cache/HTTP callbacks) that copies.
 *     Whoever allocates frees.
 *   - Failures are status codes plus a message set with `set_error`. Exceptions never cross.
 *   - Configuration reaches a component as JSON text, already validated against the JSON
 *     Schema the component declares in `settings_schema`.
 */
#ifndef AGENTHOST_PLUGIN_H
#define AGENTHOST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGENTHOST_ABI_MAJOR 1
#define AGENTHOST_ABI_MINOR 1

/* The name of the entry symbol, for hosts and tools that look it up by string. */
#define AGENTHOST_ENTRY_SYMBOL "agenthost_plugin_v1"

#if defined(_WIN32)
#define AGENTHOST_EXPORT __declspec(dllexport)
#else
#define AGENTHOST_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------------------------------- */
/* Basic types                                                                              */
/* ---------------------------------------------------------------------------------------- */

/* A borrowed UTF-8 string view. `ptr` may be NULL only when `len` is 0. */
typedef struct ah_str {
  const char* ptr;
  size_t len;
} ah_str;

typedef int32_t ah_status;
enum {
  AH_OK = 0,
  AH_ERR_INVALID_ARGUMENT = 1, /* the input (arguments, request, settings) is wrong */
  AH_ERR_NOT_FOUND = 2,        /* e.g. an unknown model */
  AH_ERR_UNSUPPORTED = 3,      /* the component does not implement this operation */
  AH_ERR_CANCELLED = 4,        /* the call was cancelled (see is_cancelled) */
  AH_ERR_TIMEOUT = 5,          /* a deadline passed */
  AH_ERR_UNAVAILABLE = 6,      /* an upstream service could not be reached or is overloaded */
  AH_ERR_PERMISSION = 7,       /* credentials missing or rejected, or egress policy refused */
  AH_ERR_RATE_LIMITED = 8,     /* upstream asked us to slow down */
  AH_ERR_TOO_LARGE = 9,        /* a size cap was hit */
  AH_ERR_UPSTREAM = 10,        /* upstream answered with an error of its own */
  AH_ERR_INTERNAL = 11         /* a bug or an unexpected condition inside the component */
};

typedef int32_t ah_component_kind;
enum {
  AH_KIND_BACKEND = 1,  /* an AI model provider: chat streaming, models, pulls */
  AH_KIND_TOOL = 2,     /* a function the model can call */
  AH_KIND_STRATEGY = 3, /* a context filter: selects/condenses the messages of a turn */
  AH_KIND_CLEANING = 4  /* a document-cleaning step: text in, text out */
};

/* Component flags. */
enum {
  /* One instance may be called from several threads at once. Without this flag the host
   * serializes all calls into an instance. */
  AH_COMPONENT_THREAD_SAFE = 1u << 0
};

typedef int32_t ah_log_level;
enum { AH_LOG_DEBUG = 10, AH_LOG_INFO = 20, AH_LOG_WARN = 30, AH_LOG_ERROR = 40 };

/* Opaque handles owned by the host. */
typedef struct ah_instance ah_instance; /* identifies one configured instance to the host */
typedef struct ah_call ah_call;         /* one invocation: its output sink and cancellation */

/* ---------------------------------------------------------------------------------------- */
/* Events: everything a component produces during a call                                    */
/* ---------------------------------------------------------------------------------------- */

typedef int32_t ah_event_type;
enum {
  /* Backend streaming. */
  AH_EVENT_TEXT_DELTA = 1,      /* text: a piece of the assistant's reply */
  AH_EVENT_TOOL_CALL_DELTA = 2, /* index, id/name (first delta), arguments: a JSON fragment */
  AH_EVENT_TOOL_CALL = 3,       /* index, id, name, arguments: one complete call (JSON text) */
  AH_EVENT_USAGE = 4,           /* input_tokens, output_tokens (absolute totals so far) */
  AH_EVENT_FINISH = 5,          /* text: stop | length | tool_calls | content_filter | ... */
  AH_EVENT_KEEPALIVE = 6,       /* provider ping: proves the connection lives, is not content */
  AH_EVENT_REASONING_DELTA = 7, /* text: model "thinking" output, kept apart from the reply */
  /* Long-running operations (model pulls). */
  AH_EVENT_PROGRESS = 8, /* text: status line; completed / total: units (bytes), 0 if unknown */
  /* The call's result: tool output, cleaned text, strategy output, describe() JSON, ... */
  AH_EVENT_RESULT = 9, /* text: the payload; name: optional media type ("application/json") */
  AH_EVENT_METADATA = 10, /* name: key; text: value (e.g. a cleaning step's findings) */
  AH_EVENT_WARNING = 11   /* text: something the user should know that is not a failure */
};

typedef struct ah_event {
  uint32_t struct_size;
  ah_event_type type;
  ah_str text;
  ah_str id;
  ah_str name;
  ah_str arguments;
  int32_t index;
  int32_t reserved0;
  int64_t input_tokens;
  int64_t output_tokens;
  int64_t completed;
  int64_t total;
} ah_event;

/* A plugin-side receiver of events, used when the host calls back into the plugin (e.g. the
 * result of complete_with_backend). Return AH_OK from on_event to continue, anything else to
 * stop. When the host operation fails it calls on_error once with the reason (the plugin's own
 * call is left untouched, so the plugin decides what to report). */
typedef struct ah_event_handler {
  uint32_t struct_size;
  void* user;
  ah_status (*on_event)(void* user, const ah_event* event);
  void (*on_error)(void* user, ah_status status, ah_str message);
} ah_event_handler;

/* A plugin-side receiver of bytes (cache values, ...). The host calls `write` zero or more
 * times; the plugin copies what it needs. */
typedef struct ah_byte_sink {
  uint32_t struct_size;
  void* user;
  void (*write)(void* user, ah_str bytes);
} ah_byte_sink;

/* ---------------------------------------------------------------------------------------- */
/* Outbound HTTP (through the host, under the operator's egress policy for the instance)    */
/* ---------------------------------------------------------------------------------------- */

typedef struct ah_http_header {
  ah_str name;
  ah_str value;
} ah_http_header;

typedef struct ah_http_request {
  uint32_t struct_size;
  ah_str method; /* "GET", "POST", ... */
  ah_str url;    /* http:// or https:// only */
  const ah_http_header* headers;
  size_t header_count;
  ah_str body;
  int64_t connect_timeout_ms; /* 0 = the host's default */
  int64_t read_timeout_ms;    /* longest silence while reading; 0 = default */
  int64_t total_timeout_ms;   /* whole exchange; 0 = default */
  int64_t max_response_bytes; /* 0 = the host's default cap */
  int32_t max_redirects;      /* 0 = do not follow redirects */
  int32_t reserved0;
} ah_http_request;

/* Streaming response receiver. `on_head` is called once, before any body bytes; `on_body` for
 * each chunk as it arrives. Returning non-zero from either aborts the exchange (the connection
 * is closed) and http_request returns AH_ERR_CANCELLED without calling on_error. When the
 * exchange fails (refused by policy, DNS, connect, timeout, size cap, call cancelled),
 * `on_error` is called once with the reason, which names the URL's host but never secrets. */
typedef struct ah_http_response_handler {
  uint32_t struct_size;
  void* user;
  int32_t (*on_head)(void* user, int32_t status, const ah_http_header* headers, size_t count);
  int32_t (*on_body)(void* user, ah_str chunk);
  void (*on_error)(void* user, ah_status status, ah_str message);
} ah_http_response_handler;

/* ---------------------------------------------------------------------------------------- */
/* The host-services table                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* Every service is thread-safe and keeps no per-request state: per-call state lives behind the
 * `ah_call*` handle. A plugin must check `struct_size` before using a member added after 1.0
 * (sdk.hpp does this). A service a host does not provide is NULL, or (in hosts that declare it
 * but have not implemented it yet) fails with AH_ERR_UNSUPPORTED: handle both. */
typedef int32_t ah_metric_kind;
enum { AH_METRIC_COUNTER = 1, AH_METRIC_GAUGE = 2, AH_METRIC_HISTOGRAM = 3 };

typedef struct ah_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  /* Logging, attributed to the instance. */
  void (*log)(ah_instance* instance, ah_log_level level, ah_str message);

  /* Per call: record why the call failed (the message is shown to users: say what was wrong
   * and what to do; never include secrets). The last message set wins. */
  void (*set_error)(ah_call* call, ah_status status, ah_str message);
  /* Per call: deliver an event. Returns AH_ERR_CANCELLED when the consumer has gone away (the
   * component should stop promptly and return AH_ERR_CANCELLED). */
  ah_status (*emit)(ah_call* call, const ah_event* event);
  /* Per call: non-zero once the call has been cancelled (user cancel, timeout, shutdown). */
  int32_t (*is_cancelled)(ah_call* call);

  /* TTL cache shared by the instance's calls (and hosts, when scaled out). Keys are scoped to
   * the instance by the host. cache_get returns 1 and writes the value to `out` on a hit, 0 on a
   * miss. ttl_seconds <= 0 uses the host's default TTL for the instance. */
  int32_t (*cache_get)(ah_instance* instance, ah_str key, const ah_byte_sink* out);
  void (*cache_put)(ah_instance* instance, ah_str key, ah_str value, int64_t ttl_seconds);

  /* Outbound HTTP under the instance's egress policy. Returns AH_OK when a response (of any
   * status) was received; otherwise an error status, with the reason given to on_error.
   * `call` is used for cancellation only. */
  ah_status (*http_request)(ah_instance* instance, ah_call* call, const ah_http_request* request,
                            const ah_http_response_handler* handler);

  /* Estimated token count of `text` for `model` (empty = the instance's default). */
  int64_t (*estimate_tokens)(ah_instance* instance, ah_str model, ah_str text);

  /* Run a chat request (JSON, the format of ah_backend_api.chat) on another configured backend
   * instance, streaming its events to `handler`. For strategies that summarize. */
  ah_status (*complete_with_backend)(ah_instance* instance, ah_call* call, ah_str backend,
                                     ah_str request_json, const ah_event_handler* handler);

  /* Record a metric sample, labelled with the instance by the host. */
  void (*metric)(ah_instance* instance, ah_metric_kind kind, ah_str name, double value);

  /* Run a configured cleaning pipeline over `text`; the cleaned text arrives as an
   * AH_EVENT_RESULT on `handler`, findings as AH_EVENT_METADATA. */
  ah_status (*run_pipeline)(ah_instance* instance, ah_call* call, ah_str pipeline, ah_str text,
                            ah_str metadata_json, const ah_event_handler* handler);

  /* Since ABI 1.1. Full-text search over the documents of the user on whose behalf `call`
   * runs (a conversation turn's owner), never anyone else's. Writes one JSON array to `out_json`:
   *   [{"document_id": "...", "filename": "...", "page": n, "score": x, "snippet": "..."}]
   * best first, at most `limit` hits (1..20; other values are clamped). A call that runs for no
   * user (e.g. outside a turn) fails with AH_ERR_PERMISSION. On any failure `out_json` receives
   * the reason as plain text instead (say it to the user or the model as it is). */
  ah_status (*search_documents)(ah_instance* instance, ah_call* call, ah_str query, int32_t limit,
                                const ah_byte_sink* out_json);
} ah_host_api;

/* ---------------------------------------------------------------------------------------- */
/* Kind-specific function tables. `self` is what the component's create() returned.          */
/* Every operation reports through `call`: events via emit, failure via set_error + status.   */
/* ---------------------------------------------------------------------------------------- */

/* Backend capability flags, reported by describe() too (with per-model details). */
enum {
  AH_BACKEND_TOOLS = 1u << 0,                 /* accepts tool definitions */
  AH_BACKEND_PARALLEL_TOOL_CALLS = 1u << 1,   /* may ask for several calls in one response */
  AH_BACKEND_STREAMING_TOOL_CALLS = 1u << 2,  /* streams tool-call arguments as deltas */
  AH_BACKEND_LIST_MODELS = 1u << 3,
  AH_BACKEND_PULL_MODELS = 1u << 4
};

typedef struct ah_backend_api {
  uint32_t struct_size;
  uint32_t capabilities; /* AH_BACKEND_* flags */
  /* Stream one model response for `request_json`:
   *   {"model": "...",
   *    "messages": [{"role": "system|user|assistant|tool", "content": "...",
   *                  "tool_calls": [{"id","name","arguments"}],   (assistant)
   *                  "tool_call_id": "...", "name": "..."}],      (tool)
   *    "tools": [{"name","description","parameters"}],
   *    "params": {"temperature": 0.7, "max_tokens": 512, ...}}
   * Emits TEXT_DELTA / TOOL_CALL_DELTA / TOOL_CALL / USAGE / KEEPALIVE and one FINISH. */
  ah_status (*chat)(void* self, ah_call* call, ah_str request_json);
  /* Emits one RESULT: [{"name": "...", "size": n, "context_window": n, ...}]. */
  ah_status (*list_models)(void* self, ah_call* call);
  /* Pulls `model`, emitting PROGRESS events. */
  ah_status (*pull_model)(void* self, ah_call* call, ah_str model);
  /* Emits one RESULT describing the instance:
   *   {"capabilities": {"tools": bool, ...}, "context_window": n, "models": {"m": {...}}}. */
  ah_status (*describe)(void* self, ah_call* call);
} ah_backend_api;

typedef struct ah_tool_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Emits one RESULT: {"description": "...", "parameters": {JSON Schema of the arguments}}. */
  ah_status (*describe)(void* self, ah_call* call);
  /* Runs the tool with `arguments_json` (an object matching the parameters schema) and emits
   * one RESULT: the text (or JSON) the model will read. A failure the model should see (bad
   * argument, division by zero) is set_error(AH_ERR_INVALID_ARGUMENT, ...) with a clear text. */
  ah_status (*invoke)(void* self, ah_call* call, ah_str arguments_json);
} ah_tool_api;

typedef struct ah_strategy_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Selects/condenses the context of a turn. `request_json`:
   *   {"messages": [...same shape as chat...], "budget": {"max_tokens": n, "reserve_output": n},
   *    "model": "...", "backend": "...", "state": <what this instance stored last turn or null>}
   * Emits one RESULT: {"messages": [...], "report": {...}, "state": <to store, optional>}. */
  ah_status (*apply)(void* self, ah_call* call, ah_str request_json);
} ah_strategy_api;

typedef struct ah_cleaning_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Maps `text` to cleaned text (one RESULT) plus METADATA findings. `metadata_json` is an
   * object describing the source (content_type, filename, page, ...). */
  ah_status (*clean)(void* self, ah_call* call, ah_str text, ah_str metadata_json);
} ah_cleaning_api;

/* ---------------------------------------------------------------------------------------- */
/* The descriptor                                                                           */
/* ---------------------------------------------------------------------------------------- */

typedef struct ah_component {
  uint32_t struct_size;
  ah_component_kind kind;
  const char* type_name;       /* unique per host, [a-z0-9_]+: what `plugin = ...` names */
  const char* description;     /* one line for listings */
  const char* settings_schema; /* JSON Schema (an object schema) of the instance settings */
  uint32_t flags;              /* AH_COMPONENT_* */
  uint32_t reserved0;
  /* Create an instance from validated settings (JSON object text). On failure return non-OK
   * and explain through set_error(call, ...). `host` and `instance` stay valid until destroy. */
  ah_status (*create)(const ah_host_api* host, ah_instance* instance, ah_str settings_json,
                      ah_call* call, void** out_self);
  void (*destroy)(void* self);
  /* Points at the table for `kind`: ah_backend_api, ah_tool_api, ah_strategy_api or
   * ah_cleaning_api. */
  const void* api;
} ah_component;

typedef struct ah_plugin_descriptor {
  uint32_t struct_size;
  uint16_t abi_major; /* AGENTHOST_ABI_MAJOR the plugin was built against */
  uint16_t abi_minor; /* AGENTHOST_ABI_MINOR the plugin was built against (the minimum host) */
  const char* name;
  const char* version;
  const char* description;
  size_t component_count;
  /* An array of pointers, not of structs: ah_component may grow, and the stride must not. */
  const ah_component* const* components;
} ah_plugin_descriptor;

/* The entry point every plugin exports. It returns a pointer to static data and must be
 * cheap, side-effect free and callable more than once. */
typedef const ah_plugin_descriptor* (*ah_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AGENTHOST_PLUGIN_H */
