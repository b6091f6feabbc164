# Embedding a file's bytes into a target, so the binary serves it without finding it on disk.
#
#   include(${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake)
#   agenthost_embed_file(TARGET agenthost_http FILE ${PROJECT_SOURCE_DIR}/docs/openapi.json
#                        SYMBOL agenthost::http::openapi_document)
#
# adds a generated source defining `std::string_view agenthost::http::openapi_document()` (declare
# it in a header of your own). The source is regenerated at build time whenever the file (or
# this script) changes, so an edited document needs no CMake re-run.
#
# The same file is also the generator: the build runs it with `cmake -P` and EMBED_INPUT,
# EMBED_OUTPUT and EMBED_SYMBOL set. Bytes are written as hex numbers, not as a string literal,
# so any content (quotes, backslashes, `)"`, NUL bytes) embeds unchanged.

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED EMBED_INPUT)
  file(READ "${EMBED_INPUT}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR byte_count "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  # 32 bytes a line keeps the generated file readable in an editor and in compiler messages
  # (CMake's regular expressions have no {n}, hence the repeated pattern).
  string(REPEAT "'\\\\x[0-9a-f][0-9a-f]'," 32 line_of_bytes)
  string(REGEX REPLACE "(${line_of_bytes})" "\\1\n    " bytes "${bytes}")
  string(REGEX MATCH "^(.*)::([A-Za-z_][A-Za-z0-9_]*)$" qualified "${EMBED_SYMBOL}")
  if(qualified)
    set(function_name "${CMAKE_MATCH_2}")
    set(open_namespace "namespace ${CMAKE_MATCH_1} {")
    set(close_namespace "} // namespace ${CMAKE_MATCH_1}")
  else()
    set(function_name "${EMBED_SYMBOL}")
    set(open_namespace "")
    set(close_namespace "")
  endif()
  set(content "// Generated from ${EMBED_INPUT} by cmake/EmbedFile.cmake: edit that file, not this one.
#include <string_view>

namespace {
// ${byte_count} bytes, plus a terminating NUL so the data is also a C string.
const char kEmbeddedBytes[] = {
    ${bytes}'\\0'};
} // namespace

${open_namespace}
std::string_view ${function_name}();
std::string_view ${function_name}() { return std::string_view(kEmbeddedBytes, sizeof(kEmbeddedBytes) - 1); }
${close_namespace}
")
  # Written only when different, so an unchanged document does not recompile anything.
  file(CONFIGURE OUTPUT "${EMBED_OUTPUT}" CONTENT "${content}" @ONLY)
  return()
endif()

set(AGENTHOST_EMBED_FILE_SCRIPT "${CMAKE_CURRENT_LIST_FILE}" CACHE INTERNAL "cmake/EmbedFile.cmake")

function(agenthost_embed_file)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;FILE;SYMBOL" "")
  if(NOT arg_TARGET OR NOT arg_FILE OR NOT arg_SYMBOL OR arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "agenthost_embed_file(TARGET <target> FILE <path> SYMBOL <ns::name>) was called with: ${ARGV}")
  endif()
  if(NOT arg_SYMBOL MATCHES "^([A-Za-z_][A-Za-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "agenthost_embed_file: SYMBOL '${arg_SYMBOL}' is not a C++ name such as agenthost::http::openapi_document")
  endif()
  get_filename_component(input "${arg_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  string(REPLACE "::" "_" stem "${arg_SYMBOL}")
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded/${stem}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DEMBED_INPUT=${input}" "-DEMBED_OUTPUT=${output}" "-DEMBED_SYMBOL=${arg_SYMBOL}"
            -P "${AGENTHOST_EMBED_FILE_SCRIPT}"
    DEPENDS "${input}" "${AGENTHOST_EMBED_FILE_SCRIPT}"
    COMMENT "Embedding ${arg_FILE} as ${arg_SYMBOL}()"
    VERBATIM)
  target_sources(${arg_TARGET} PRIVATE "${output}")
endfunction()
