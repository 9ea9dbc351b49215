# Checks that phaselens_core depends on the standard library and Eigen only.
# Usage: cmake -DCORE_DIR=<path to core/> -P check_core_includes.cmake   (fails with a list of offenders)
#   1. no #include of imgui, GL/GLES, GLFW, EGL, glad, nlohmann or stb in core/include or core/src;
#   2. target_link_libraries(phaselens_core ...) names Eigen3::Eigen and nothing else.
if(NOT CORE_DIR OR NOT IS_DIRECTORY "${CORE_DIR}")
  message(FATAL_ERROR "CORE_DIR='${CORE_DIR}' is not a directory")
endif()
get_filename_component(CORE_DIR "${CORE_DIR}" ABSOLUTE)

# A checking script, not a build: globbing here is how every present and future file is covered.
file(GLOB_RECURSE files LIST_DIRECTORIES false
  "${CORE_DIR}/include/*" "${CORE_DIR}/src/*")
list(FILTER files INCLUDE REGEX "\\.(h|hh|hpp|hxx|inl|ipp|c|cc|cpp|cxx)$")
list(LENGTH files fileCount)
if(fileCount EQUAL 0)
  message(FATAL_ERROR "no sources found under ${CORE_DIR}/include or ${CORE_DIR}/src: the check would be vacuous")
endif()

set(forbidden "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*/)?(imgui|GL/|GLES|GLFW|EGL|glad|nlohmann|stb)")
set(offenders "")
foreach(f IN LISTS files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(line MATCHES "${forbidden}")
      file(RELATIVE_PATH rel "${CORE_DIR}" "${f}")
      string(APPEND offenders "\n  ${rel}: ${line}")
    endif()
  endforeach()
endforeach()

if(EXISTS "${CORE_DIR}/CMakeLists.txt")
  file(READ "${CORE_DIR}/CMakeLists.txt" cmakeText)
  string(REGEX MATCHALL "target_link_libraries[ \t\r\n]*\\([ \t\r\n]*phaselens_core[^)]*\\)" links "${cmakeText}")
  foreach(call IN LISTS links)
    string(REGEX REPLACE "^target_link_libraries[ \t\r\n]*\\([ \t\r\n]*phaselens_core|\\)$" "" args "${call}")
    string(REGEX REPLACE "[ \t\r\n]+" ";" args "${args}")
    foreach(item IN LISTS args)
      if(item STREQUAL "" OR item MATCHES "^(PUBLIC|PRIVATE|INTERFACE)$" OR item STREQUAL "Eigen3::Eigen")
        continue()
      endif()
      string(APPEND offenders "\n  CMakeLists.txt: phaselens_core links '${item}' (only Eigen3::Eigen is allowed)")
    endforeach()
  endforeach()
endif()

if(offenders)
  message(FATAL_ERROR "phaselens_core must use only the standard library and Eigen:${offenders}")
endif()
message(STATUS "checked ${fileCount} core files: no imgui/GL/GLFW/EGL/nlohmann/stb includes")
