/* Backend "loop_backend" (not thread-safe): its chat request is plain text naming a chain of
 * backend instances, "b,a": it completes with the first one, passing it the rest of the chain,
 * and re-emits what comes back. An empty request ends the chain with the text "end". A chain
 * that returns to a backend already being called (a -> b -> a) must be refused by the host:
 * the backend's own lock is held for its whole call. */
#include "agenthost/plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loop_self {
  const ah_host_api* host;
  ah_instance* instance;
} loop_self;

typedef struct forward {
  loop_self* self;
  ah_call* call;
  int failed;
} forward;

static ah_str str(const char* text) {
  ah_str s;
  s.ptr = text;
  s.len = strlen(text);
  return s;
}

static ah_status forward_event(void* user, const ah_event* event) {
  forward* f = (forward*)user;
  return f->self->host->emit(f->call, event);
}

/* The nested failure becomes this call's failure, so the caller sees the host's reason. */
static void forward_error(void* user, ah_status status, ah_str message) {
  forward* f = (forward*)user;
  f->failed = 1;
  f->self->host->set_error(f->call, status, message);
}

static ah_status loop_create(const ah_host_api* host, ah_instance* instance, ah_str settings_json, ah_call* call,
                             void** out_self) {
  loop_self* self = (loop_self*)malloc(sizeof *self);
  (void)settings_json, (void)call;
  if (!self) return AH_ERR_INTERNAL;
  self->host = host;
  self->instance = instance;
  *out_self = self;
  return AH_OK;
}

static void loop_destroy(void* self) { free(self); }

static ah_status loop_chat(void* opaque, ah_call* call, ah_str request) {
  loop_self* self = (loop_self*)opaque;
  ah_event_handler handler;
  forward f;
  ah_str next, rest;
  size_t comma = 0;
  if (request.len == 0) {
    ah_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.type = AH_EVENT_TEXT_DELTA;
    e.text = str("end");
    return self->host->emit(call, &e);
  }
  while (comma < request.len && request.ptr[comma] != ',') ++comma;
  next.ptr = request.ptr;
  next.len = comma;
  rest.ptr = request.ptr + (comma < request.len ? comma + 1 : comma);
  rest.len = comma < request.len ? request.len - comma - 1 : 0;
  f.self = self;
  f.call = call;
  f.failed = 0;
  handler.struct_size = sizeof handler;
  handler.user = &f;
  handler.on_event = forward_event;
  handler.on_error = forward_error;
  return self->host->complete_with_backend(self->instance, call, next, rest, &handler);
}

static const ah_backend_api loop_api = {sizeof(ah_backend_api), 0, loop_chat, NULL, NULL, NULL};
static const ah_component loop_backend = {
    sizeof(ah_component), AH_KIND_BACKEND, "loop_backend", "completes along a chain of backends", NULL, 0, 0,
    loop_create,          loop_destroy,    &loop_api};
static const ah_component* const components[] = {&loop_backend};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "completion_loop",
                                                "1.0.0",
                                                "backends that complete with each other",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
