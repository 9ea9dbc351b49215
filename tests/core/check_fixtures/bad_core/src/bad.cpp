// Fixture for core.no_ui_includes_rejects_fixture: a "core" file that must be rejected.
#include <GLFW/glfw3.h>

#include <Eigen/Dense>
