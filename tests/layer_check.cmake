# The layer check (cmake/check_layers.cmake) run on a fixture tree of tests/data/layers/:
#
#   cmake -DTREE=<fixture> [-DEXPECT=<regex>] -P tests/layer_check.cmake
#
# Without EXPECT the check must pass. With it, the check must fail and say EXPECT.
cmake_minimum_required(VERSION 3.25)

execute_process(
  COMMAND "${CMAKE_COMMAND}" "-DROOT=${TREE}" -P
          "${CMAKE_CURRENT_LIST_DIR}/../cmake/check_layers.cmake"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
message("${output}")
if(NOT DEFINED EXPECT)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "the check failed on ${TREE}, a good tree")
  endif()
elseif(result EQUAL 0)
  message(FATAL_ERROR "the check passed on ${TREE}; expected it to fail with: ${EXPECT}")
elseif(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "the check failed on ${TREE}, but without: ${EXPECT}")
endif()
