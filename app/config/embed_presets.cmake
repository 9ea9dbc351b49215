# cmake -P script: embeds assets/presets/<name>.json into one generated C++ source (a small resource compiler), so
# `phaselens` finds its presets from any directory without the source tree.
#   cmake -DOUTPUT=<file.cpp> -DSOURCE_ROOT=<repo root> -DINPUTS=<a.json;b.json;...> -P embed_presets.cmake
# Each file becomes one phaselens::config::embedded::kPresets entry {name = file stem, path, text} (see
# presets_embedded.h). The text is stored as a raw string literal; a file containing the delimiter is an error.
cmake_minimum_required(VERSION 3.25)

foreach(var OUTPUT SOURCE_ROOT INPUTS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_presets.cmake: -D${var}=... is required")
  endif()
endforeach()

set(delimiter "PLPRESET")
set(banner "")
set(entries "")
set(count 0)
list(SORT INPUTS)
foreach(input IN LISTS INPUTS)
  file(RELATIVE_PATH rel "${SOURCE_ROOT}" "${input}")
  get_filename_component(stem "${input}" NAME_WE)
  # NAME_WE stops at the first dot ("qwen2.5-7b-yarn.json" -> "qwen2"); strip only the extension instead.
  get_filename_component(name "${input}" NAME)
  string(REGEX REPLACE "\\.json$" "" name "${name}")
  if(NOT name MATCHES "^[a-z0-9][a-z0-9._-]*$")
    message(FATAL_ERROR "${rel}: preset file names must be lowercase [a-z0-9._-], got '${name}'")
  endif()
  file(READ "${input}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${rel}: contains the raw-string delimiter ')${delimiter}\"'")
  endif()
  string(APPEND banner "// generated — do not edit / Source: ${rel}\n")
  string(APPEND entries "    {\"${name}\", \"${rel}\", R\"${delimiter}(${text})${delimiter}\"},\n")
  math(EXPR count "${count} + 1")
endforeach()

file(WRITE "${OUTPUT}.tmp" "${banner}// Written by app/config/embed_presets.cmake at build time; edit the JSON instead.
#include \"config/presets_embedded.h\"

namespace phaselens::config::embedded {

const Preset kPresets[] = {
${entries}};
const int kPresetCount = ${count};

}  // namespace phaselens::config::embedded
")
# Only touch the output when it changed, so an unrelated re-run does not recompile.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
