// Fixture for core.no_ui_includes_rejects_fixture: a "core" file that must be rejected.
#include <Eigen/Dense>
#include <GLFW/glfw3.h>
