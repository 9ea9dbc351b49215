// The precompiled header of the fast sanitized build (PHASELENS_FAST_BUILD, cmake/PhaseLensDefaults.cmake): the
// standard library, Eigen and nlohmann::json are about 95 % of what every source parses (a CLI test: 154,000 of
// 160,000 lines). Two donor targets compile it (the libraries' optimization level and -O0) and every target reuses
// one. The Release build does not use it, so it still catches a missing #include.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

// A target that cannot use the compiled header reads this text: guarded so that it adds no include path.
#if __has_include(<Eigen/Dense>)
#include <Eigen/Dense>
#endif
#if __has_include(<nlohmann/json.hpp>)
#include <nlohmann/json.hpp>
#endif
