// agenthost SDK: a small, strict JSON value, parser and writer (C++17, std only).
//
// Plugins are built by third parties against the SDK headers alone, so the SDK cannot lean on
// Poco or any other library for JSON. Objects keep insertion order because schemas and
// settings are shown back to people, and a reordered schema reads like a different one.
// The parser follows RFC 8259 to the letter (no comments, no trailing commas, no NaN) and
// rejects invalid UTF-8, so whatever it accepts every other JSON reader accepts too.
//
// This umbrella header includes all of it; the parts live in agenthost/json/:
//   value.hpp  Value, Type, TypeError, ParseError
//   parse.hpp  parse()
//   dump.hpp   dump(), dump_to(), append_escaped()
//   utf8.hpp   UTF-8 validation and encoding shared by the parser and the writer
#pragma once

#include "agenthost/json/dump.hpp"
#include "agenthost/json/parse.hpp"
#include "agenthost/json/value.hpp"
