# agenthost_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [OUTPUT_DIRECTORY <dir>]
#                      [INSTALL_DESTINATION <dir>])
#
# Builds a plugin the way the host expects to load it: a MODULE library named <name>.so (no
# "lib" prefix), hidden visibility, only the entry symbol agenthost_plugin_v1 exported, and no
# undefined symbols (so a missing dependency fails at link time, not in the operator's host).
# Used in-tree and by out-of-tree plugins through find_package(AgentHostSDK). With
# INSTALL_DESTINATION, `cmake --install` copies the plugin there (the host's installed search
# directory is <prefix>/lib/agenthost/plugins).

function(agenthost_add_plugin name)
  # Beside this file, wherever it was included from (needs CMake 3.17).
  set(_AGENTHOST_PLUGIN_EXPORT_MAP "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/agenthost_plugin.map")
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY;INSTALL_DESTINATION" "SOURCES;LIBRARIES" ${ARGN})
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
  # In the agenthost source tree, plugins get the project's warning flags too.
  if(TARGET agenthost_warnings)
    target_link_libraries(${name} PRIVATE agenthost_warnings)
  endif()
  target_link_options(${name} PRIVATE "LINKER:--no-undefined"
                      "LINKER:--version-script=${_AGENTHOST_PLUGIN_EXPORT_MAP}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${_AGENTHOST_PLUGIN_EXPORT_MAP}")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED AGENTHOST_PLUGIN_OUTPUT_DIR)
    # A plugin shipped with the host: build/plugins, and installed beside the host.
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${AGENTHOST_PLUGIN_OUTPUT_DIR}")
    if(NOT ARG_INSTALL_DESTINATION)
      set(ARG_INSTALL_DESTINATION "lib/agenthost/plugins")
    endif()
  endif()
  if(ARG_INSTALL_DESTINATION)
    install(TARGETS ${name} LIBRARY DESTINATION "${ARG_INSTALL_DESTINATION}")
  endif()
endfunction()
