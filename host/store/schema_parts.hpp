// Migrations that live in their own files (schema.cpp lists them in order).
#pragma once

#include "store/migrations.hpp"

namespace agenthost::store {

Migration context_filter_migration(); // 4: schema_context.cpp
Migration documents_migration();      // 5: schema_documents.cpp
Migration cache_migration();          // 6: schema_cache.cpp

} // namespace agenthost::store
