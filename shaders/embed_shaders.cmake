# cmake -P script: embeds shader source files into one C++ header.
#   cmake -DOUTPUT=<header> -DSOURCE_ROOT=<repo root> -DINPUTS=<a.frag;b.vert> -P embed_shaders.cmake
# Each file shaders/<name>.<ext> becomes
#   phaselens::shaders::k<Name><Ext>      the source text (no #version line; the loader prepends it)
#   phaselens::shaders::k<Name><Ext>Path  "shaders/<name>.<ext>", for error messages
# e.g. shaders/heatmap.frag -> kHeatmapFrag, kHeatmapFragPath.
cmake_minimum_required(VERSION 3.25)

foreach(var OUTPUT SOURCE_ROOT INPUTS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_shaders.cmake: -D${var}=... is required")
  endif()
endforeach()

# snake_case / kebab-case word -> PascalCase ("heat_map" -> "HeatMap").
function(pascal_case input out_var)
  string(REGEX REPLACE "[^A-Za-z0-9]+" ";" words "${input}")
  set(result "")
  foreach(word IN LISTS words)
    if(word STREQUAL "")
      continue()
    endif()
    string(SUBSTRING "${word}" 0 1 first)
    string(SUBSTRING "${word}" 1 -1 rest)
    string(TOUPPER "${first}" first)
    string(APPEND result "${first}${rest}")
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

set(delimiter "phaselens_glsl")
set(banner "")
set(body "")
foreach(input IN LISTS INPUTS)
  file(RELATIVE_PATH rel "${SOURCE_ROOT}" "${input}")
  get_filename_component(stem "${input}" NAME_WE)
  get_filename_component(ext "${input}" LAST_EXT)
  string(SUBSTRING "${ext}" 1 -1 ext)
  pascal_case("${stem}" stem_pc)
  pascal_case("${ext}" ext_pc)
  set(name "k${stem_pc}${ext_pc}")

  file(READ "${input}" text)
  if(text MATCHES "\\)${delimiter}\"")
    message(FATAL_ERROR "${rel}: contains the raw-string delimiter ')${delimiter}\"'")
  endif()
  if(text MATCHES "(^|\n)[ \t]*#[ \t]*version")
    message(FATAL_ERROR "${rel}: has a #version line; the loader prepends '#version 330 core'")
  endif()

  string(APPEND banner "// generated — do not edit / Source: ${rel}\n")
  string(APPEND body
    "\n// generated — do not edit / Source: ${rel}\n"
    "inline constexpr const char ${name}Path[] = \"${rel}\";\n"
    "inline constexpr const char ${name}[] = R\"${delimiter}(${text})${delimiter}\";\n")
endforeach()

set(content "${banner}// Written by shaders/embed_shaders.cmake at build time; edit the shader files instead.
#pragma once

namespace phaselens::shaders {
${body}
}  // namespace phaselens::shaders
")

file(WRITE "${OUTPUT}" "${content}")
