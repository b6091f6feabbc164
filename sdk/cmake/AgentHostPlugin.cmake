# agenthost_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [OUTPUT_DIRECTORY <dir>])
#
# Builds a plugin the way the host expects to load it: a MODULE library named <name>.so (no
# "lib" prefix), hidden visibility, only the entry symbol agenthost_plugin_v1 exported, and no
# undefined symbols (so a missing dependency fails at link time, not in the operator's host).
# Used in-tree and by out-of-tree plugins through find_package(AgentHostSDK).
set(_AGENTHOST_PLUGIN_EXPORT_MAP "${CMAKE_CURRENT_LIST_DIR}/agenthost_plugin.map")

function(agenthost_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "agenthost_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${name} PRIVATE agenthost::sdk ${ARG_LIBRARIES})
  target_link_options(${name} PRIVATE "LINKER:--no-undefined"
                      "LINKER:--version-script=${_AGENTHOST_PLUGIN_EXPORT_MAP}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${_AGENTHOST_PLUGIN_EXPORT_MAP}")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED AGENTHOST_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${AGENTHOST_PLUGIN_OUTPUT_DIR}")
  endif()
endfunction()
