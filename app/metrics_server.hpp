// SPDX-License-Identifier: Apache-2.0
// --metrics-listen HOST:PORT: serves the metrics of a following replay at
// /metrics over HTTP (civetweb, Debian's libcivetweb-dev) for Prometheus to
// scrape. The replay thread publishes a rendered exposition now and then;
// civetweb's threads only hand out the latest copy, so they never touch the
// replay's cells.
#pragma once

#include <mutex>
#include <stdexcept>
#include <string>

struct mg_context;
struct mg_connection;

namespace cellos::app {

struct CivetwebLibrary;

// The address cannot be listened on (in use, not an address of this host).
class MetricsServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "9464" → "127.0.0.1:9464"; "0.0.0.0:9464" as it is; "" when `listen` is no
// HOST:PORT (the host an IPv4 address, the port 1 to 65535).
std::string listening_address(const std::string& listen);

class MetricsServer {
 public:
  // Listens on `address` (as listening_address() gives it). Throws MetricsServerError.
  explicit MetricsServer(const std::string& address);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // What /metrics serves from now on (the text exposition). Thread-safe.
  void publish(std::string exposition);

 private:
  static int serve_metrics(mg_connection* connection, void* server);

  const CivetwebLibrary* web_;  // loaded by the constructor
  mg_context* context_ = nullptr;
  std::mutex mutex_;
  std::string exposition_;
};

}  // namespace cellos::app
