// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/trace_printer.hpp"

#include "cellos/json/writer.hpp"

namespace cellos::report {

void TracePrinter::on_event(const replay::EventTrace& event) {
  json::Writer w(out_.buffer());
  w.begin_object();
  w.key("file");
  w.string(event.file);
  w.key("line");
  w.number(event.line);
  if (event.partition) {
    w.key("partition");
    w.number(*event.partition);
  }
  w.key(event.key_kind == replay::RouteKind::CellId ? "cell" : "spec");
  w.string(event.key);
  w.key("eventId");
  w.string(event.event_id);
  w.key("eventType");
  w.string(event.event_type);
  w.key("outcome");
  w.string(json_name(event.outcome));
  w.key("currentState");
  w.string(json_name(event.state));
  w.end_object();
  out_.buffer().push_back('\n');
  out_.commit();
}

}  // namespace cellos::report
