// SPDX-License-Identifier: Apache-2.0
#include "civetweb_library.hpp"

#include <stdexcept>
#include <string>

#include "cellos/base/detail/shared_library.hpp"
#include "metrics_server.hpp"

namespace cellos::app {

namespace {

CivetwebLibrary load() {
  try {
    const cellos::detail::SharedLibrary library("libcivetweb.so.1");  // Debian 12's libcivetweb1
    CivetwebLibrary web;
    library.resolve("mg_init_library", web.init_library);
    library.resolve("mg_exit_library", web.exit_library);
    library.resolve("mg_start2", web.start2);
    library.resolve("mg_stop", web.stop);
    library.resolve("mg_set_request_handler", web.set_request_handler);
    library.resolve("mg_printf", web.printf);
    library.resolve("mg_write", web.write);
    return web;
  } catch (const std::runtime_error& e) {
    throw MetricsServerError(std::string("--metrics-listen needs civetweb: ") + e.what() +
                             "; install libcivetweb1 (apt-get install libcivetweb1)");
  }
}

}  // namespace

const CivetwebLibrary& civetweb_library() {
  static const CivetwebLibrary library = load();
  return library;
}

}  // namespace cellos::app
