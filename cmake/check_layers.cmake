# The include rule of cmake/layers.cmake, checked over engine/ and app/ (docs/app.md):
#
#   cmake -DROOT=<project root> [-DSTAMP=<file>] [-DLAYERS=<list file>] -P cmake/check_layers.cmake
#
# Fails, naming the file and the line, when
#   - a file includes a file of a layer above its own, or of a folder beside it on its level;
#   - a file of app/ writes an include other than from the project root ("app/run/x.hpp");
#   - a file of engine/ or app/ sits in a folder that is no layer;
#   - units include each other in a cycle (a unit is x.hpp with its x.cpp: x.cpp including
#     y.hpp and y.cpp including x.hpp is a cycle), which it reports.
# On success it writes STAMP: the build runs this script whenever a source changes, and
# every app library waits for it (app/CMakeLists.txt). No Python, only CMake.
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<project root> [-DSTAMP=<file>] "
                      "[-DLAYERS=<list file>] -P check_layers.cmake")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)
if(DEFINED STAMP)
  file(REMOVE "${STAMP}")
endif()
if(NOT DEFINED LAYERS)
  set(LAYERS "${CMAKE_CURRENT_LIST_DIR}/layers.cmake")
endif()
include("${LAYERS}")

# One problem, given in pieces (each a quoted string), joined.
function(complain)
  string(CONCAT problem ${ARGN})
  set(errors ${errors} "${problem}" PARENT_SCOPE)
endfunction()

# The level of each folder (0: the bottom) and the order as text for the messages.
set(level 0)
set(order "")
foreach(entry IN LISTS SYNACK_LAYERS)
  string(REPLACE "|" ";" folders "${entry}")
  foreach(folder IN LISTS folders)
    set("level_${folder}" ${level})
  endforeach()
  string(REPLACE "|" " | " shown "${entry}")
  if(NOT order STREQUAL "")
    string(APPEND order " < ")
  endif()
  string(APPEND order "${shown}")
  math(EXPR level "${level} + 1")
endforeach()

file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${ROOT}" "${ROOT}/engine/*.hpp"
     "${ROOT}/engine/*.cpp" "${ROOT}/app/*.hpp" "${ROOT}/app/*.cpp")
list(SORT files)

set(errors "")
set(units "")
foreach(file IN LISTS files)
  get_filename_component(dir "${file}" DIRECTORY)
  if(NOT DEFINED "level_${dir}")
    complain("${file}: ${dir}/ is not a layer; move the file into a layer's folder "
             "or add the folder to cmake/layers.cmake")
    continue()
  endif()
  string(REGEX REPLACE "\\.[^./]*$" "" unit "${file}")
  list(APPEND units "${unit}")

  file(STRINGS "${ROOT}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+\"")
  if(NOT includes)
    continue()
  endif()
  # Line numbers: each include line is found after the previous one. `rest` starts at the
  # beginning of line `at_line` (line 0 being a virtual empty line before the file).
  file(READ "${ROOT}/${file}" rest)
  string(PREPEND rest "\n")
  set(at_line 0)
  foreach(text IN LISTS includes)
    string(FIND "${rest}" "\n${text}" at)
    string(SUBSTRING "${rest}" 0 ${at} before)
    string(REGEX MATCHALL "\n" breaks "${before}")
    list(LENGTH breaks skipped)
    math(EXPR line "${at_line} + ${skipped} + 1")
    math(EXPR at "${at} + 1")
    string(SUBSTRING "${rest}" ${at} -1 rest)
    set(at_line ${line})
    set(where "${file}:${line}")

    # As the compiler looks for a quoted include: beside the file, then from the root.
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" target "${text}")
    if(EXISTS "${ROOT}/${dir}/${target}" AND NOT IS_DIRECTORY "${ROOT}/${dir}/${target}")
      get_filename_component(found "${ROOT}/${dir}/${target}" ABSOLUTE)
    elseif(EXISTS "${ROOT}/${target}" AND NOT IS_DIRECTORY "${ROOT}/${target}")
      get_filename_component(found "${ROOT}/${target}" ABSOLUTE)
    else()
      continue()  # not a file of the project
    endif()
    file(RELATIVE_PATH included "${ROOT}" "${found}")
    if(NOT included MATCHES "^(engine|app)/")
      continue()
    endif()
    if(file MATCHES "^app/" AND NOT target STREQUAL included)
      complain("${where}: write the include from the project root: "
               "#include \"${included}\"")
    endif()

    get_filename_component(included_dir "${included}" DIRECTORY)
    if(DEFINED "level_${included_dir}")
      set(from ${level_${dir}})
      set(to ${level_${included_dir}})
      if(to GREATER from)
        complain("${where}: ${dir}/ may not include \"${included}\": ${included_dir}/ is "
                 "a layer above it")
      elseif(to EQUAL from AND NOT included_dir STREQUAL dir)
        complain("${where}: ${dir}/ may not include \"${included}\": ${included_dir}/ is "
                 "beside it on the same level")
      endif()
    endif()

    string(REGEX REPLACE "\\.[^./]*$" "" to_unit "${included}")
    if(NOT to_unit STREQUAL unit AND NOT DEFINED "via_${unit}__${to_unit}")
      list(APPEND "edges_${unit}" "${to_unit}")
      set("via_${unit}__${to_unit}" "${where} includes \"${included}\"")
    endif()
  endforeach()
endforeach()

# Cycles: take away, again and again, every unit that includes nothing still there. What
# stays includes something that stays: walking from it must come round to a unit seen.
list(REMOVE_DUPLICATES units)
set(remaining ${units})
while(TRUE)
  set(still "")
  foreach(unit IN LISTS remaining)
    set(sink TRUE)
    foreach(next IN LISTS "edges_${unit}")
      if(NOT DEFINED "gone_${next}")
        set(sink FALSE)
        break()
      endif()
    endforeach()
    if(sink)
      set("gone_${unit}" TRUE)
    else()
      list(APPEND still "${unit}")
    endif()
  endforeach()
  list(LENGTH remaining before)
  list(LENGTH still after)
  set(remaining ${still})
  if(after EQUAL 0 OR after EQUAL before)
    break()
  endif()
endwhile()
if(remaining)
  list(GET remaining 0 unit)
  set(path "")
  while(NOT unit IN_LIST path)
    list(APPEND path "${unit}")
    foreach(next IN LISTS "edges_${unit}")
      if(NOT DEFINED "gone_${next}")
        set(step "${next}")  # the loop variable does not outlive the loop
        break()
      endif()
    endforeach()
    set(unit "${step}")
  endwhile()
  list(FIND path "${unit}" start)
  list(SUBLIST path ${start} -1 cycle)
  list(APPEND cycle "${unit}")
  list(JOIN cycle " -> " shown)
  set(text "include cycle (x.hpp with its x.cpp is one unit x): ${shown}")
  set(prev "")
  foreach(unit IN LISTS cycle)
    if(NOT prev STREQUAL "")
      string(APPEND text "\n  ${via_${prev}__${unit}}")
    endif()
    set(prev "${unit}")
  endforeach()
  list(APPEND errors "${text}")
endif()

if(errors)
  # Plain lines on stderr ("file:line: ..." as compilers write them), then the failure.
  foreach(problem IN LISTS errors)
    message(NOTICE "${problem}")
  endforeach()
  list(LENGTH errors count)
  message(NOTICE "layers, bottom first: ${order} (cmake/layers.cmake, docs/app.md)")
  message(FATAL_ERROR "layer check: ${count} problem(s)")
endif()
if(DEFINED STAMP)
  file(WRITE "${STAMP}" "engine/ and app/ follow cmake/layers.cmake\n")
endif()
