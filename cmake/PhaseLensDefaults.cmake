# The compile flags of every target of ours: warnings, optional sanitizers. The precompiled-header donors below use
# them too, since GCC accepts a precompiled header only under the flags it was made with.
function(_phaselens_compile_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(PHASELENS_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  endif()
endfunction()

# phaselens_target_defaults(<target>): C++17, warnings on our own targets, optional sanitizers.
function(phaselens_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  _phaselens_compile_flags(${target})
  if(PHASELENS_SANITIZE)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  phaselens_fast_build(${target})
endfunction()

# phaselens_fast_build(<target>) with PHASELENS_FAST_BUILD: the target's C++ sources use cmake/precompiled.h (the
# standard library, Eigen, nlohmann::json), compiled once per optimization level by a small donor target and reused
# (REUSE_FROM; one header per target cost about 420 s of the build's 2,000 s of CPU). The fast build compiles every
# target as C++20 (CMakeLists.txt), so one header fits all; the Release build keeps core at C++17. Test code above
# the core tiers (tests/ but not tests/core*) compiles at -O0: its work is the libraries' code, which keeps the build
# type's level, and at -O1 with ASan a test file took twice as long to compile (a CLI test: 44 s -> 20 s). A target
# whose flags do not fit the header still builds: GCC then reads the header's text. Called by
# phaselens_target_defaults and, for test targets that do not call it, by tests/CMakeLists.txt; a second call on a
# target does nothing.
function(_phaselens_pch_donor name)
  if(TARGET ${name})
    return()
  endif()
  add_library(${name} OBJECT ${PROJECT_SOURCE_DIR}/cmake/precompiled_donor.cpp)
  set_target_properties(${name} PROPERTIES CXX_EXTENSIONS OFF PHASELENS_FAST_BUILD_DONE ON)
  target_compile_features(${name} PRIVATE cxx_std_20)
  _phaselens_compile_flags(${name})  # GCC checks them (-Wpedantic, for one, undefines __cpp_runtime_arrays)
  if(ARGN)
    target_compile_options(${name} PRIVATE ${ARGN})
  endif()
  target_link_libraries(${name} PRIVATE Eigen3::Eigen)
  target_precompile_headers(${name} PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${PROJECT_SOURCE_DIR}/cmake/precompiled.h>")
endfunction()

function(phaselens_fast_build target)
  if(NOT PHASELENS_FAST_BUILD)
    return()
  endif()
  get_target_property(done ${target} PHASELENS_FAST_BUILD_DONE)
  get_target_property(type ${target} TYPE)
  if(done OR NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY)$")
    return()
  endif()
  set_target_properties(${target} PROPERTIES PHASELENS_FAST_BUILD_DONE ON)
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.(cpp|cc|cxx)$")
  if(NOT sources)  # C only (the sanitizer shim)
    return()
  endif()
  get_target_property(dir ${target} SOURCE_DIR)
  cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${dir}" in_tree)
  set(rel "")
  if(in_tree)
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${dir}")
  endif()
  if(rel MATCHES "^tests(/|$)" AND NOT rel MATCHES "^tests/core")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-O0>)
    _phaselens_pch_donor(phaselens_pch_o0 -O0)
    target_precompile_headers(${target} REUSE_FROM phaselens_pch_o0)
  else()
    _phaselens_pch_donor(phaselens_pch)
    target_precompile_headers(${target} REUSE_FROM phaselens_pch)
  endif()
endfunction()
