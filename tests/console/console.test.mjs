// Drives fngate's console in headless Chromium and checks what a user sees;
// run by tests/console.rs with: CONSOLE (the console's URL), API (the hello
// world route's URL), MARKUP (the route of a function answering <script>),
// CHROMIUM (the browser) and SHOTS (where the screenshots go).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const { CONSOLE, API, MARKUP, CHROMIUM, SHOTS } = process.env;
mkdirSync(SHOTS, { recursive: true });

function check(cond, what) {
  if (!cond) throw new Error(`failed: ${what}`);
  console.log(`ok: ${what}`);
}

// A request with curl (the request id from its response header).
function curl(url) {
  const out = execFileSync("curl", ["-s", "-i", "--max-time", "30", url], { encoding: "utf8" });
  const id = /x-api-requestid:\s*(\w+)/i.exec(out);
  if (!id) throw new Error(`no request id in curl's answer:\n${out}`);
  return id[1];
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const shots = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  const shot = async (name) => {
    const path = `${SHOTS}/${name}.png`;
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
  };

  // Functions: one serving, one broken with its load error.
  await page.goto(`${CONSOLE}#functions`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  const hello = page.locator('tr[data-function="hello"]');
  check((await hello.locator(".state-serving").textContent()) === "serving", "hello is listed as serving");
  const broken = page.locator('tr[data-function="broken"]');
  check((await broken.locator(".state-broken").textContent()) === "broken", "broken is listed as broken");
  check(/missing\.wasm|not found|No such file/i.test(await broken.locator(".error").textContent()), "broken shows its load error");
  await shot("functions");

  // Test: the API gateway template to hello world shows its answer and its Report line.
  await page.goto(`${CONSOLE}#test`);
  await page.selectOption("#test-function", "hello");
  await page.selectOption("#test-template", "timer");
  await page.selectOption("#test-template", "apigw");
  await page.waitForFunction(() => document.getElementById("test-event").value.includes("requestContext"));
  await page.click("#test-send");
  await page.waitForSelector("#test-timing", { timeout: 30000 });
  const result = await page.locator("#test-result").textContent();
  check(result.includes("hello world"), "the test shows hello world");
  check(/Report RequestId:\w+ Duration:\d+ms Memory:\d+MB MemUsage:/.test(result), "the test shows its Report line");
  await shot("test");

  // Invocations: requests made with curl appear live.
  await page.goto(`${CONSOLE}#invocations`);
  await page.waitForFunction(() => document.getElementById("live-state").textContent === "live", null, { timeout: 30000 });
  const ids = [curl(API), curl(API), curl(API)];
  for (const id of ids) {
    await page.waitForSelector(`tr[data-request-id="${id}"]`, { timeout: 10000 });
  }
  check(true, "three curl requests appeared in the live list");
  await page.click(`tr[data-request-id="${ids[2]}"]`);
  await page.waitForSelector(`#invocation-detail[data-request-id="${ids[2]}"] .detail-log`);
  const log = await page.locator("#invocation-detail .detail-log").textContent();
  check(log.includes(`END RequestId:${ids[2]}`), "an invocation's detail shows its log");
  await shot("invocations");

  // A guest answer (and log line) with <script> is shown as text, never run.
  const markup = curl(MARKUP);
  await page.waitForSelector(`tr[data-request-id="${markup}"]`, { timeout: 10000 });
  await page.click(`tr[data-request-id="${markup}"]`);
  // The box still shows the last invocation until this one's detail arrives.
  await page.waitForSelector(`#invocation-detail[data-request-id="${markup}"] .detail-response`);
  const response = await page.locator("#invocation-detail .detail-response").textContent();
  check(response.includes("<script>window.__pwned=1</script>"), "the <script> answer is shown as text");
  const markupLog = await page.locator("#invocation-detail .detail-log").textContent();
  check(markupLog.includes("<script>window.__pwned=3</script>"), "the <script> log line is shown as text");
  check(await page.locator("#invocation-detail script, #invocation-detail img").count() === 0, "no element was made from guest output");
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__pwned === undefined), "no guest script ran");
  await shot("markup");

  // Monitoring: the charts have data points.
  await page.goto(`${CONSOLE}#monitoring`);
  await page.waitForFunction(() => {
    const c = charts["chart-requests"];
    return c && c.plot.data[1].some((v) => v > 0);
  }, null, { timeout: 15000 });
  const points = await page.evaluate(() => ({
    requests: charts["chart-requests"].plot.data[1].reduce((a, v) => a + (v || 0), 0),
    p99: charts["chart-duration"].plot.data[2].filter((v) => v !== null).length,
    canvases: document.querySelectorAll("#monitoring canvas").length,
  }));
  check(points.requests >= 5, `the requests chart counts the requests (${points.requests})`);
  check(points.p99 > 0, "the duration chart has p99 points");
  check(points.canvases === 5, "five charts are drawn");
  await shot("monitoring");

  // Reload: the button does what SIGHUP does.
  await page.click("#reload");
  await page.waitForFunction(() => document.getElementById("reload-result").textContent.startsWith("reloaded"), null, { timeout: 60000 });
  check(true, `reload answered: ${await page.locator("#reload-result").textContent()}`);

  check(problems.length === 0, `no page errors or dialogs (${problems.join("; ")})`);
} finally {
  await browser.close();
  console.log(`screenshots: ${shots.join(" ")}`);
}
