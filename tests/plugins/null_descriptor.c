/* The entry symbol exists but returns NULL instead of a descriptor. */
#include "agenthost/plugin.h"

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return 0; }
