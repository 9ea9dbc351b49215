# CTest include file (see CMakeLists.txt): gives the discovered GLFW window tests the labels render + window.
if(phaselens_render_window_tests_TESTS)
  set_tests_properties(${phaselens_render_window_tests_TESTS} PROPERTIES LABELS "render;window")
endif()
