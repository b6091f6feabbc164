// agenthost SDK: turns an instance's INI settings (all strings) into typed JSON according to
// the component's settings JSON Schema, and checks that such a schema is usable at all.
//
// The host's config loader and the SDK's fake test host (testing.hpp) both use this header,
// so a plugin's unit tests see exactly the conversions and messages an operator will see.
// It depends on json.hpp only. Supported schema subset (per property):
//   type (string | integer | number | boolean | array | object), description, default, enum,
//   minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems,
//   maxItems, items: {type, enum, minimum, ...}, format ("path" resolves against base_dir).
// Top level: type "object", properties, required, additionalProperties (default false: an
// unknown key is an error, because it is nearly always a typo that would otherwise be ignored).
//
// This umbrella header includes all of it; the parts live in agenthost/settings/:
//   convert.hpp       convert(), RawSetting, Result
//   check_schema.hpp  check_schema()
//   problem.hpp       Problem, reported by both
//   constraints.hpp   type, enum, bound and length rules shared by both (detail)
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/settings/check_schema.hpp"
#include "agenthost/settings/convert.hpp"
#include "agenthost/settings/problem.hpp"
