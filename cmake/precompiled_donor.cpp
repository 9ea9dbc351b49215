// The source of the donor targets that compile cmake/precompiled.h once per optimization level for the fast
// sanitized build (cmake/PhaseLensDefaults.cmake). It has nothing of its own.
