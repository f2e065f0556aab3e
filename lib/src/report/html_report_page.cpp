// SPDX-License-Identifier: Apache-2.0
#include "report/html_report_page.hpp"

namespace cellos::report::detail {

// Everything the page shows is built with textContent and createElementNS:
// no value from the log is ever parsed as markup.
const std::string_view kHtmlReportPage = R"PAGE(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>cellos-project replay report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2330; background: #fafbfc; }
h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
.muted { color: #667; }
.counts { display: flex; gap: 1em; flex-wrap: wrap; }
.count { background: #fff; border: 1px solid #dde; border-radius: 6px; padding: .5em 1em; min-width: 7em; }
.count b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border-bottom: 1px solid #e4e6ea; padding: .3em .6em; text-align: left; vertical-align: top; }
th[data-key] { cursor: pointer; user-select: none; white-space: nowrap; }
th[data-key]:hover { background: #eef; }
tr.cell:hover { background: #f4f6ff; cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.state-bad { color: #b3261e; } .state-good { color: #1b7f3b; } .state-open { color: #8a6d00; }
input#search { font: inherit; padding: .3em .5em; width: 22em; margin-bottom: .5em; }
.pager button { font: inherit; margin: 0 .3em; }
#timeline svg { background: #fff; border: 1px solid #dde; }
code { font-size: 12px; }
#verdict { font-size: 1.1em; font-weight: 600; padding: .5em .8em; border-radius: 6px; display: inline-block; }
#verdict.ok { background: #e6f4ea; color: #1b7f3b; } #verdict.bad { background: #fce8e6; color: #b3261e; }
</style>
</head>
<body>
<h1>cellos-project replay report</h1>
<p class="muted" id="inputs"></p>
<p id="verdict"></p>
<div class="counts">
  <div class="count">cells<b id="count-cells"></b></div>
  <div class="count">events<b id="count-events"></b></div>
  <div class="count">lines<b id="count-lines"></b></div>
  <div class="count">problems<b id="count-problems"></b></div>
</div>
<h2>Cells per state</h2>
<div id="chart"></div>
<h2>Problems</h2>
<p class="muted" id="problems-note"></p>
<table id="problems"><thead><tr><th>where</th><th>kind</th><th>event type</th><th>message</th></tr></thead><tbody></tbody></table>
<h2>Cells</h2>
<input id="search" type="search" placeholder="Search cells, specs, runs, states, errors">
<span class="pager"><button id="prev">&larr;</button><span id="page-info"></span><button id="next">&rarr;</button></span>
<table id="cells"><thead><tr>
<th data-key="0">cell</th><th data-key="1">spec</th><th data-key="2">run</th><th data-key="3">state</th>
<th data-key="4">events</th><th data-key="5">exit</th><th data-key="6">last error</th>
</tr></thead><tbody></tbody></table>
<h2>Timeline</h2>
<div id="timeline" class="muted">Click a cell to see its events over time.</div>
<script type="application/json" id="data">@CELLOS_DATA@</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const BAD = new Set(["identityFailed", "commandFailed", "exportFailed", "destroyFailed"]);
const GOOD = new Set(["destroyed", "commandSucceeded", "exportSucceeded"]);
const OUTCOMES = ["applied", "ignored", "rejected"];
const OUTCOME_COLORS = ["#1b7f3b", "#8a8f99", "#b3261e"];
const PAGE = 100;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
function stateClass(state) {
  return BAD.has(state) ? "state-bad" : GOOD.has(state) ? "state-good" : "state-open";
}
function fmt(n) { return Number(n).toLocaleString("en"); }

const s = data.stats;
document.getElementById("inputs").textContent =
    data.inputs.length ? "Replayed: " + data.inputs.join(", ") : "Replayed standard input";
document.getElementById("count-cells").textContent = fmt(s.cells);
document.getElementById("count-events").textContent = fmt(s.events);
document.getElementById("count-lines").textContent = fmt(s.lines);
document.getElementById("count-problems").textContent = fmt(data.problemsSeen);

// What the on-call engineer opening this from a failed job wants first.
(function verdict() {
  const box = document.getElementById("verdict");
  const failed = ["identityFailed", "commandFailed", "exportFailed", "destroyFailed"]
      .reduce((n, state) => n + (s.cellsByState[state] || 0), 0);
  const parts = [];
  if (s.inputErrors) parts.push(fmt(s.inputErrors) + " unreadable input" + (s.inputErrors > 1 ? "s" : ""));
  if (s.malformed) parts.push(fmt(s.malformed) + " malformed line" + (s.malformed > 1 ? "s" : ""));
  if (s.rejected) parts.push(fmt(s.rejected) + " rejected event" + (s.rejected > 1 ? "s" : ""));
  box.textContent = (parts.length ? "Problems: " + parts.join(", ") : "No problems") + "; " +
      fmt(failed) + " of " + fmt(s.cells) + " cells ended in a failed state.";
  box.className = parts.length ? "bad" : "ok";
})();

(function chart() {
  const states = Object.entries(s.cellsByState);
  const most = Math.max(1, ...states.map(([, n]) => n));
  const rowH = 22, labelW = 150, barW = 420;
  const root = svg("svg", {width: labelW + barW + 80, height: states.length * rowH + 6, role: "img"});
  states.forEach(([state, n], i) => {
    const y = i * rowH + 3;
    root.appendChild(svg("text", {x: 0, y: y + 15, "font-size": 13}, state));
    const w = Math.round(barW * n / most);
    root.appendChild(svg("rect", {x: labelW, y: y + 2, width: Math.max(w, n ? 1 : 0), height: rowH - 6,
                                  fill: BAD.has(state) ? "#d9534f" : GOOD.has(state) ? "#4caf50" : "#e0b000",
                                  "data-state": state, "data-count": n}));
    root.appendChild(svg("text", {x: labelW + w + 6, y: y + 15, "font-size": 13}, fmt(n)));
  });
  document.getElementById("chart").appendChild(root);
})();

(function problems() {
  const body = document.querySelector("#problems tbody");
  for (const [file, line, kind, type, message] of data.problems) {
    const row = el("tr");
    row.appendChild(el("td", line ? file + ":" + line : file));
    row.appendChild(el("td", kind));
    row.appendChild(el("td", type));
    row.appendChild(el("td", message));
    body.appendChild(row);
  }
  document.getElementById("problems-note").textContent =
      data.problemsSeen === 0 ? "None." :
      data.problemsSeen > data.problems.length ?
          "The first " + fmt(data.problems.length) + " of " + fmt(data.problemsSeen) + "." : "";
})();

let shown = data.cells.map((cell, i) => i);
let sortKey = null, sortDescending = false, page = 0;

function compare(a, b) {
  const x = data.cells[a][sortKey], y = data.cells[b][sortKey];
  if (x === y) return a - b;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}
function refresh() {
  const query = document.getElementById("search").value.trim().toLowerCase();
  shown = data.cells.map((cell, i) => i).filter(i => !query ||
      data.cells[i].slice(0, 7).some(v => v !== null && String(v).toLowerCase().includes(query)));
  if (sortKey !== null) {
    shown.sort(compare);
    if (sortDescending) shown.reverse();
  }
  page = Math.min(page, Math.max(0, Math.ceil(shown.length / PAGE) - 1));
  render();
}
function render() {
  const body = document.querySelector("#cells tbody");
  body.replaceChildren();
  for (const i of shown.slice(page * PAGE, (page + 1) * PAGE)) {
    const cell = data.cells[i];
    const row = el("tr", null, "cell");
    cell.slice(0, 7).forEach((v, k) => {
      const td = el("td", v === null ? "-" : v, k === 4 || k === 5 ? "num" : k === 3 ? stateClass(v) : "");
      row.appendChild(td);
    });
    row.addEventListener("click", () => timeline(i));
    body.appendChild(row);
  }
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  document.getElementById("page-info").textContent =
      "page " + fmt(page + 1) + " of " + fmt(pages) + " (" + fmt(shown.length) + " cells)";
}
function timeline(i) {
  const [name, , , state, , , , moments] = data.cells[i];
  const box = document.getElementById("timeline");
  box.replaceChildren(el("p", "Cell " + (name === null ? "-" : name) + ", now " + state + ":"));
  if (!moments.length) { box.appendChild(el("p", "Its events carry no time.")); return; }
  const first = moments[0][0], last = moments[moments.length - 1][0];
  const span = Math.max(1, last - first), width = 760, rowH = 24;
  const root = svg("svg", {width: width + 20, height: moments.length * rowH + 30});
  root.appendChild(svg("line", {x1: 10, y1: 12, x2: width, y2: 12, stroke: "#99a"}));
  moments.forEach(([ms, type, outcome], k) => {
    const x = 10 + Math.round((width - 20) * (ms - first) / span), y = 30 + k * rowH;
    root.appendChild(svg("circle", {cx: x, cy: 12, r: 5, fill: OUTCOME_COLORS[outcome]}));
    root.appendChild(svg("line", {x1: x, y1: 17, x2: x, y2: y - 4, stroke: "#dde"}));
    const label = new Date(ms).toISOString() + "  " + data.types[type].replace("dev.cellos.events.cell.", "") +
                  (outcome ? "  (" + OUTCOMES[outcome] + ")" : "");
    const anchor = x > width / 2 ? "end" : "start";  // labels stay inside the picture
    root.appendChild(svg("text", {x: x, y: y, "font-size": 12, fill: OUTCOME_COLORS[outcome],
                                  "text-anchor": anchor}, label));
  });
  box.appendChild(root);
}

document.getElementById("search").addEventListener("input", () => { page = 0; refresh(); });
document.querySelectorAll("#cells th[data-key]").forEach(th => th.addEventListener("click", () => {
  const key = Number(th.dataset.key);
  sortDescending = sortKey === key ? !sortDescending : key === 4;
  sortKey = key;
  refresh();
}));
document.getElementById("prev").addEventListener("click", () => { if (page > 0) { page--; render(); } });
document.getElementById("next").addEventListener("click", () => {
  if ((page + 1) * PAGE < shown.length) { page++; render(); }
});
render();
</script>
</body>
</html>
)PAGE";

}  // namespace cellos::report::detail
