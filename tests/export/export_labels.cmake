# CTest include file (see CMakeLists.txt): the GL and binary export tests get the labels export + render.
foreach(list phaselens_export_gl_tests_TESTS phaselens_export_cli_tests_TESTS)
  if(${list})
    set_tests_properties(${${list}} PROPERTIES LABELS "export;render")
  endif()
endforeach()
