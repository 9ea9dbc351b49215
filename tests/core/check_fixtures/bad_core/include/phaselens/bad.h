// Fixture for core.no_ui_includes_rejects_fixture: a "core" header that must be rejected.
#pragma once
#include "imgui.h"
