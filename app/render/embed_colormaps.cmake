# cmake -P script: turns assets/colormaps/<name>.csv (header "r,g,b", then 256 lines of 0-255 ints)
# into one C++ header of constexpr LUTs, included only by app/render/colormap.cpp.
#   cmake -DOUTPUT=<header> -DSOURCE_ROOT=<repo root> -DINPUTS=<viridis.csv;...> -P embed_colormaps.cmake
# <name>.csv becomes phaselens::render::embedded::k<Name>Lut (std::array<std::array<uint8_t,4>,256>).
cmake_minimum_required(VERSION 3.25)

foreach(var OUTPUT SOURCE_ROOT INPUTS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_colormaps.cmake: -D${var}=... is required")
  endif()
endforeach()

set(banner "")
set(body "")
foreach(input IN LISTS INPUTS)
  file(RELATIVE_PATH rel "${SOURCE_ROOT}" "${input}")
  get_filename_component(stem "${input}" NAME_WE)
  string(SUBSTRING "${stem}" 0 1 first)
  string(SUBSTRING "${stem}" 1 -1 rest)
  string(TOUPPER "${first}" first)
  set(name "k${first}${rest}Lut")

  file(STRINGS "${input}" lines)
  list(LENGTH lines count)
  list(POP_FRONT lines header)
  if(NOT header STREQUAL "r,g,b")
    message(FATAL_ERROR "${rel}:1: expected header 'r,g,b', got '${header}'")
  endif()
  if(NOT count EQUAL 257)
    message(FATAL_ERROR "${rel}: expected 256 entries after the header, got ${count} lines in all")
  endif()

  set(entries "")
  set(line_no 1)
  foreach(line IN LISTS lines)
    math(EXPR line_no "${line_no} + 1")
    if(NOT line MATCHES "^([0-9]+),([0-9]+),([0-9]+)$")
      message(FATAL_ERROR "${rel}:${line_no}: expected 'r,g,b' with integers 0-255, got '${line}'")
    endif()
    foreach(component ${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${CMAKE_MATCH_3})
      if(component GREATER 255)
        message(FATAL_ERROR "${rel}:${line_no}: component ${component} is above 255")
      endif()
    endforeach()
    string(APPEND entries "    {${CMAKE_MATCH_1}, ${CMAKE_MATCH_2}, ${CMAKE_MATCH_3}, 255},\n")
  endforeach()

  string(APPEND banner "// generated — do not edit / Source: ${rel}\n")
  string(APPEND body
    "\n// generated — do not edit / Source: ${rel}\n"
    "inline constexpr std::array<std::array<std::uint8_t, 4>, 256> ${name} = {{\n${entries}}};\n")
endforeach()

file(WRITE "${OUTPUT}" "${banner}// Written by app/render/embed_colormaps.cmake at build time; edit the CSV files instead.
#pragma once

#include <array>
#include <cstdint>

namespace phaselens::render::embedded {
${body}
}  // namespace phaselens::render::embedded
")
