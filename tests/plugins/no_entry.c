/* A shared object that is not a plugin: it exports no agenthost_plugin_v1. */
int not_a_plugin_entry(void);
int not_a_plugin_entry(void) { return 42; }
