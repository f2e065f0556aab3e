// SPDX-License-Identifier: Apache-2.0
// civetweb, loaded when --metrics-listen first needs it (see
// cellos/base/detail/shared_library.hpp for why).
#pragma once

#include <civetweb.h>

namespace cellos::app {

// The civetweb functions the metrics server uses.
struct CivetwebLibrary {
  decltype(&::mg_init_library) init_library = nullptr;
  decltype(&::mg_exit_library) exit_library = nullptr;
  decltype(&::mg_start2) start2 = nullptr;
  decltype(&::mg_stop) stop = nullptr;
  decltype(&::mg_set_request_handler) set_request_handler = nullptr;
  decltype(&::mg_printf) printf = nullptr;
  decltype(&::mg_write) write = nullptr;
};

// The library, loaded on the first call (thread-safe). Throws
// MetricsServerError, naming the package to install, when it cannot be.
const CivetwebLibrary& civetweb_library();

}  // namespace cellos::app
