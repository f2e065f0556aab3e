// SPDX-License-Identifier: Apache-2.0
// A shared library opened when first needed (dlopen), for the dependencies
// only some runs use: SQLite (state files), zlib and zstd (compressed
// inputs), civetweb (--metrics-listen). Linked the usual way, each costs
// every run its loading and relocation at start-up (~0.04 ms for zlib,
// ~0.25 ms for SQLite), which together took longer than replaying a small
// log. Opened by soname and never closed, as systemd loads its optional
// libraries. Packages still depend on them: dpkg-shlibdeps cannot see them,
// so cmake/packaging.cmake names them.
#pragma once

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace cellos::detail {

class SharedLibrary {
 public:
  // Throws std::runtime_error with the loader's reason.
  explicit SharedLibrary(const char* soname)
      : soname_(soname), handle_(::dlopen(soname, RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) throw std::runtime_error(reason(soname_ + " cannot be loaded"));
  }

  // Sets `function` to the library's `name`; throws std::runtime_error
  // without it.
  template <class Function>
  void resolve(const char* name, Function& function) const {
    // POSIX guarantees that a function's address survives the trip through
    // void*; C++ calls the conversion conditionally-supported.
    function = reinterpret_cast<Function>(::dlsym(handle_, name));
    if (function == nullptr) throw std::runtime_error(reason(soname_ + " lacks " + name));
  }

 private:
  static std::string reason(const std::string& what) {
    const char* why =
        ::dlerror();  // NOLINT(concurrency-mt-unsafe): loaders run once, under a static's guard
    return what + " (" + (why != nullptr ? why : "unknown error") + ")";
  }

  std::string soname_;
  void* handle_;
};

}  // namespace cellos::detail
