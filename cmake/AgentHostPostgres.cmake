# A real PostgreSQL server for the tests, started and stopped by the test run itself.
#
# Include after enable_testing(), include(GoogleTest), cmake/AgentHostTesting.cmake and after
# AGENTHOST_TEST_OUTPUT_DIR is set. It registers the ctest fixture `postgres`:
#   postgres_cluster_start  (FIXTURES_SETUP)    a throwaway cluster on a free 127.0.0.1 port
#   postgres_cluster_stop   (FIXTURES_CLEANUP)  stops it and deletes its data, even after failures
# ctest runs both automatically around any selected test that requires the fixture.
#
# AGENTHOST_POSTGRES_URL_FILE is the file holding the cluster's URL while it runs
# (postgresql://postgres@127.0.0.1:PORT/postgres); tests get its path in the environment variable
# AGENTHOST_TEST_POSTGRES_URL_FILE.
#
# agenthost_add_postgres_test(<name> SOURCES <files...> [LIBS <targets...>] [ENVIRONMENT <one VAR=value>])
#   Like agenthost_add_test, and every discovered test requires the `postgres` fixture.

set(AGENTHOST_POSTGRES_CLUSTER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/../tests/support/postgres_cluster.sh")
cmake_path(NORMAL_PATH AGENTHOST_POSTGRES_CLUSTER_SCRIPT)
set(AGENTHOST_POSTGRES_STATE_DIR "${AGENTHOST_TEST_OUTPUT_DIR}/postgres")
set(AGENTHOST_POSTGRES_URL_FILE "${AGENTHOST_POSTGRES_STATE_DIR}/url")

add_test(NAME postgres_cluster_start
         COMMAND bash "${AGENTHOST_POSTGRES_CLUSTER_SCRIPT}" start "${AGENTHOST_POSTGRES_STATE_DIR}")
set_tests_properties(postgres_cluster_start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 60 LABELS postgres)
add_test(NAME postgres_cluster_stop
         COMMAND bash "${AGENTHOST_POSTGRES_CLUSTER_SCRIPT}" stop "${AGENTHOST_POSTGRES_STATE_DIR}")
set_tests_properties(postgres_cluster_stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 60 LABELS postgres)

function(agenthost_add_postgres_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;ENVIRONMENT" ${ARGN})
  # gtest_discover_tests (CMake 3.25) flattens list-valued PROPERTIES and silently drops all but
  # the first entry, so the caller's variable travels as one ENVIRONMENT_MODIFICATION entry next
  # to the URL file's ENVIRONMENT entry: one extra variable at most.
  list(LENGTH ARG_ENVIRONMENT env_count)
  if(env_count GREATER 1)
    message(FATAL_ERROR "agenthost_add_postgres_test(${name}): at most one ENVIRONMENT entry "
                        "(VAR=value) is supported, got: ${ARG_ENVIRONMENT}")
  endif()
  set(extra_env "")
  if(env_count EQUAL 1)
    if(NOT ARG_ENVIRONMENT MATCHES "^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
      message(FATAL_ERROR "agenthost_add_postgres_test(${name}): ENVIRONMENT wants VAR=value, got: ${ARG_ENVIRONMENT}")
    endif()
    set(extra_env ENVIRONMENT_MODIFICATION "${CMAKE_MATCH_1}=set:${CMAKE_MATCH_2}")
  endif()

  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main GTest::gmock agenthost_warnings Threads::Threads)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${AGENTHOST_TEST_OUTPUT_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 30
                       PROPERTIES FIXTURES_REQUIRED postgres
                                  LABELS postgres
                                  ENVIRONMENT "AGENTHOST_TEST_POSTGRES_URL_FILE=${AGENTHOST_POSTGRES_URL_FILE}"
                                  ${extra_env})
endfunction()
