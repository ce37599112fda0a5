// The fngate console: reads the admin API (/api/...) and shows it. Every value
// from a function or a request goes into the page as text (textContent), never
// as markup: no guest output can run script here.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = { message: text }; }
  if (!response.ok) throw new Error(`${response.status}: ${body.message || text}`);
  return body;
}

function post(path, value) {
  return api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
}

// ---- views -----------------------------------------------------------------

const views = ["functions", "invocations", "test", "monitoring"];

function show(view) {
  if (!views.includes(view)) view = "functions";
  for (const v of views) {
    $(v).classList.toggle("active", v === view);
    document.querySelector(`nav a[data-view="${v}"]`).classList.toggle("active", v === view);
  }
  if (view === "functions") loadFunctions();
  if (view === "monitoring") resizeCharts();
}

window.addEventListener("hashchange", () => show(location.hash.slice(1)));

// ---- functions ---------------------------------------------------------------

let functions = [];

async function loadFunctions() {
  const data = await api("/api/functions");
  functions = data.functions;
  $("config").textContent = `${data.config.service} · ${data.config.file} (${data.config.dialect})`;
  const rows = functions.map((f) => {
    const state = el("td", {}, el("span", { class: `state-${f.state.replace(" ", "-")}` }, f.state));
    if (f.error) state.append(el("div", { class: "error" }, f.error));
    const warm = f.warm ? `${f.warm.alive ?? 0} of ${f.warm.max} alive` : "—";
    const where = el("td", {});
    for (const r of f.routes) where.append(el("div", {}, el("code", {}, r)));
    for (const t of f.timers) where.append(el("div", {}, `timer ${t.name}: `, el("code", {}, t.cron), t.enabled ? "" : " (disabled)"));
    return el("tr", { "data-function": f.name },
      el("td", {}, el("strong", {}, f.name)),
      state,
      el("td", {}, `${f.runtime} / ${f.abi ?? "—"}`),
      el("td", {}, el("code", {}, f.version ?? "—")),
      el("td", {}, `${f.memoryMb} MB`),
      el("td", {}, `${f.timeoutSeconds} s`),
      el("td", {}, warm),
      where);
  });
  $("function-rows").replaceChildren(...rows);
  fillFunctionPickers();
}

function fillFunctionPickers() {
  const test = $("test-function");
  const chosen = test.value;
  test.replaceChildren(...functions.map((f) => el("option", { value: f.name }, f.name)));
  if (chosen) test.value = chosen;
  const monitor = $("monitor-function");
  const picked = monitor.value;
  monitor.replaceChildren(el("option", { value: "" }, "All functions"),
    ...functions.map((f) => el("option", { value: f.name }, f.name)));
  monitor.value = picked;
}

// ---- invocations ---------------------------------------------------------------

const MAX_ROWS = 200;

function ms(x) { return x === null || x === undefined ? "—" : `${x.toFixed(3)} ms`; }

function invocationRow(inv) {
  const row = el("tr", { class: "clickable", "data-request-id": inv.requestId },
    el("td", {}, new Date(inv.at).toLocaleTimeString()),
    el("td", {}, el("code", {}, inv.requestId)),
    el("td", {}, inv.function),
    el("td", {}, inv.route ? `${inv.trigger} ${inv.route}` : inv.trigger),
    el("td", { class: inv.status >= 400 ? "status-bad" : "" }, inv.status),
    el("td", {}, inv.outcome),
    el("td", {}, ms(inv.durationMs)),
    el("td", {}, inv.memoryMb === null ? "—" : `${inv.memoryMb} MB`));
  row.addEventListener("click", () => openInvocation(inv.requestId, row));
  return row;
}

function addInvocations(list) {
  const body = $("invocation-rows");
  for (const inv of list) body.prepend(invocationRow(inv));
  while (body.children.length > MAX_ROWS) body.lastChild.remove();
}

function detailBlocks(d) {
  const blocks = [
    el("h3", {}, `Request ${d.requestId}: ${d.function}, status ${d.status} (${d.outcome}), ${ms(d.durationMs)}`
      + (d.memoryMb === null ? "" : `, ${d.memoryMb} MB of ${d.memoryLimitMb} MB`)),
  ];
  if (d.error) blocks.push(el("div", { class: "error" }, d.error));
  // Each text is at most 64 KiB (the history's bound): say so when it was cut.
  const section = (title, text, bytes) => {
    blocks.push(el("h3", {}, title + (bytes > 65536 ? ` (the first 64 KiB of ${bytes} bytes)` : "")));
    blocks.push(el("pre", { class: `detail-${title.toLowerCase()}` }, text ?? "—"));
  };
  let event = d.event;
  try { event = JSON.stringify(JSON.parse(d.event), null, 2); } catch { /* shown as it is */ }
  section("Event", event, d.eventBytes);
  let response = d.response;
  try {
    const parsed = JSON.parse(d.response);
    if (parsed && typeof parsed === "object" && "statusCode" in parsed) {
      blocks.push(el("h3", {}, `Integrated response: ${parsed.statusCode}`));
      blocks.push(el("pre", { class: "detail-headers" }, JSON.stringify(parsed.headers ?? {}, null, 2)));
      response = typeof parsed.body === "string" ? parsed.body : JSON.stringify(parsed.body, null, 2);
    }
  } catch { /* not JSON: shown as it is */ }
  section("Response", response, d.responseBytes);
  section("Log", d.log, d.logBytes);
  return blocks;
}

async function openInvocation(requestId, row) {
  document.querySelectorAll("#invocation-rows tr.selected").forEach((r) => r.classList.remove("selected"));
  row.classList.add("selected");
  const box = $("invocation-detail");
  box.hidden = false;
  try {
    box.replaceChildren(...detailBlocks(await api(`/api/invocations/${encodeURIComponent(requestId)}`)));
  } catch (e) {
    box.replaceChildren(el("div", { class: "error" }, e.message));
  }
  // Which invocation the box shows, once it shows it (a test waits on this).
  box.dataset.requestId = requestId;
}

let lastSeq = 0;

async function startLive() {
  const first = await api("/api/invocations?limit=100");
  addInvocations(first.invocations);
  lastSeq = first.last;
  const source = new EventSource(`/api/invocations/stream?after=${lastSeq}`);
  source.addEventListener("open", () => { $("live-state").textContent = "live"; });
  source.addEventListener("error", () => { $("live-state").textContent = "reconnecting"; });
  source.addEventListener("invocation", (e) => {
    const inv = JSON.parse(e.data);
    lastSeq = Math.max(lastSeq, inv.seq);
    addInvocations([inv]);
  });
}

// ---- test -----------------------------------------------------------------------

let templates = {};

async function loadTemplate() {
  const fn = $("test-function").value;
  const kind = $("test-template").value;
  if (!fn || kind === "custom") return;
  templates = await api(`/api/templates?function=${encodeURIComponent(fn)}`);
  $("test-event").value = JSON.stringify(templates[kind], null, 2);
}

async function sendTest(e) {
  e.preventDefault();
  const out = $("test-result");
  let event;
  try { event = JSON.parse($("test-event").value); } catch (err) {
    out.replaceChildren(el("div", { class: "error" }, `The event is not JSON: ${err.message}`));
    return;
  }
  $("test-send").disabled = true;
  out.replaceChildren(el("p", { class: "muted" }, "running…"));
  const started = performance.now();
  try {
    const detail = await post("/api/test", { function: $("test-function").value, event });
    out.replaceChildren(el("p", { class: "muted", id: "test-timing" },
      `Answered in ${(performance.now() - started).toFixed(1)} ms (invocation ${ms(detail.durationMs)})`),
      ...detailBlocks(detail));
  } catch (err) {
    out.replaceChildren(el("div", { class: "error" }, err.message));
  } finally {
    $("test-send").disabled = false;
  }
}

// ---- monitoring -----------------------------------------------------------------

const charts = {};
const COLORS = ["#006eff", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#795548"];

function chartWidth() {
  const box = $("chart-requests").parentElement;
  return Math.max(300, (box.clientWidth || 460) - 16);
}

function drawChart(id, time, series) {
  const key = series.map((s) => s.label).join("|");
  const data = [time, ...series.map((s) => s.values)];
  const existing = charts[id];
  if (existing && existing.key === key) {
    existing.plot.setData(data);
    return;
  }
  if (existing) existing.plot.destroy();
  const opts = {
    width: chartWidth(),
    height: 180,
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false }))],
    axes: [{}, { size: 50 }],
    scales: { x: { time: true } },
  };
  charts[id] = { key, plot: new uPlot(opts, data, $(id)) };
}

function resizeCharts() {
  for (const c of Object.values(charts)) c.plot.setSize({ width: chartWidth(), height: 180 });
}

function keyed(map) {
  const entries = Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([code, values]) => ({ label: code, values }))
    : [{ label: "none", values: null }];
}

async function loadMetrics() {
  const summary = await api("/api/metrics/summary?window=300");
  const picked = $("monitor-function").value;
  const s = picked ? summary.functions[picked] : summary.overall;
  const time = summary.time;
  const zeros = time.map(() => 0);
  if (!s) {
    for (const id of ["chart-requests", "chart-duration", "chart-errors", "chart-refusals", "chart-memory"]) {
      drawChart(id, time, [{ label: "none", values: zeros }]);
    }
    return;
  }
  drawChart("chart-requests", time, [{ label: "req/s", values: s.requests }]);
  drawChart("chart-duration", time, [{ label: "p50", values: s.p50Ms }, { label: "p99", values: s.p99Ms }]);
  drawChart("chart-errors", time, keyed(s.errors).map((x) => ({ ...x, values: x.values ?? zeros })));
  drawChart("chart-refusals", time, keyed(s.refusals).map((x) => ({ ...x, values: x.values ?? zeros })));
  drawChart("chart-memory", time, [{ label: "MB", values: s.memoryMb }]);
}

// ---- reload -----------------------------------------------------------------------

async function reload() {
  const out = $("reload-result");
  out.textContent = "reloading…";
  try {
    const r = await post("/api/reload", {});
    out.textContent = r.ok
      ? `reloaded: ${r.functions} functions, ${r.routes} routes` + (Object.keys(r.broken).length ? `, broken: ${Object.keys(r.broken).join(", ")}` : "")
      : `refused: ${r.error}`;
    loadFunctions();
  } catch (e) {
    out.textContent = e.message;
  }
}

// ---- start ------------------------------------------------------------------------

async function start() {
  $("reload").addEventListener("click", reload);
  $("test-form").addEventListener("submit", sendTest);
  $("test-function").addEventListener("change", loadTemplate);
  $("test-template").addEventListener("change", loadTemplate);
  $("monitor-function").addEventListener("change", () => { for (const c of Object.values(charts)) c.plot.destroy(); for (const k in charts) delete charts[k]; loadMetrics(); });
  show(location.hash.slice(1));
  await loadFunctions();
  await loadTemplate();
  await startLive();
  await loadMetrics();
  setInterval(() => loadMetrics().catch(() => {}), 2000);
  setInterval(() => { if ($("functions").classList.contains("active")) loadFunctions().catch(() => {}); }, 5000);
  document.body.dataset.ready = "true";
}

window.addEventListener("DOMContentLoaded", () => {
  start().catch((e) => {
    document.querySelector("main").prepend(el("div", { class: "error", id: "console-error" }, e.message));
  });
});
