// SPDX-License-Identifier: Apache-2.0
#include "metrics_server.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "civetweb_library.hpp"

namespace cellos::app {

std::string listening_address(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const std::string host = colon == std::string::npos ? "127.0.0.1" : listen.substr(0, colon);
  const std::string port = colon == std::string::npos ? listen : listen.substr(colon + 1);
  in_addr parsed{};
  if (inet_pton(AF_INET, host.c_str(), &parsed) != 1) return {};
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return {};
  const int number = std::stoi(port);
  if (number < 1 || number > 65535) return {};
  return host + ":" + port;
}

MetricsServer::MetricsServer(const std::string& address) : web_(&civetweb_library()) {
  const CivetwebLibrary& web = *web_;
  web.init_library(0);
  const char* options[] = {"listening_ports", address.c_str(), "num_threads", "2", nullptr};
  mg_callbacks callbacks{};
  mg_init_data init{&callbacks, this, options};
  char text[256] = "";
  unsigned code = 0;
  mg_error_data error{&code, text, sizeof text};
  context_ = web.start2(&init, &error);
  if (context_ == nullptr) {
    throw MetricsServerError("--metrics-listen " + address + ": cannot listen there (" +
                             (*text != '\0' ? std::string(text) : "no reason given") +
                             "): is the port in use? Give a free one, e.g. --metrics-listen "
                             "127.0.0.1:9464");
  }
  web.set_request_handler(context_, "/metrics$", &MetricsServer::serve_metrics, this);
}

MetricsServer::~MetricsServer() {
  const CivetwebLibrary& web = *web_;
  if (context_ != nullptr) web.stop(context_);
  web.exit_library();
}

void MetricsServer::publish(std::string exposition) {
  const std::lock_guard<std::mutex> lock(mutex_);
  exposition_ = std::move(exposition);
}

int MetricsServer::serve_metrics(mg_connection* connection, void* server) {
  auto& self = *static_cast<MetricsServer*>(server);
  const CivetwebLibrary& web = *self.web_;
  std::string body;
  {
    const std::lock_guard<std::mutex> lock(self.mutex_);
    body = self.exposition_;
  }
  web.printf(connection,
             "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n",
             body.size());
  web.write(connection, body.data(), body.size());
  return 200;
}

}  // namespace cellos::app
