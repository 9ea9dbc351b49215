/* Preloaded (LD_PRELOAD) into every test process of the sanitized test run, by scripts/test.sh.
 *
 * Mesa's EGL and GLX drivers keep process-lifetime state (pthread_once singletons, llvmpipe's JIT caches) reachable
 * only from the globals of the DRI module they dlopen, and dlclose that module on eglTerminate/glfwTerminate. At
 * exit LeakSanitizer then finds those blocks with no root left and cannot even name the module that allocated them
 * ("<unknown module>"), so every test that opens a GL context would fail with a leak report we cannot suppress by
 * library. Making dlclose a no-op keeps the modules mapped: their globals stay roots, their frames stay named, and
 * leak detection can stay on for the whole suite, GL tests included. Nothing in PhaseLens relies on unloading. */
int dlclose(void* handle) {
    (void)handle;
    return 0;
}
