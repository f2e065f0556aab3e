// SPDX-License-Identifier: Apache-2.0
// A topic a stateful replay wrote, read to its end as a table: what the
// committed transactions left (transaction_log.hpp), partition by
// partition. Records keyed by a cell give its latest value, in order of
// the cells' first appearance; records without a key (problems) are all
// given, in order. A state topic's values are cell states: each is given
// as the cell's snapshot.
//
//   cellos::kafka::read_topic_table({.brokers = "host:9092"}, "cells-snapshots",
//                                   [](std::string_view line) { puts(line); });
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "cellos/kafka/client_config.hpp"

namespace cellos::kafka {

// Calls `row` with each value (a JSON text). Returns an error message, empty
// on success. Throws ConfigError for a property librdkafka refuses.
std::string read_topic_table(const ClientConfig& client, const std::string& topic,
                             const std::function<void(std::string_view)>& row);

}  // namespace cellos::kafka
