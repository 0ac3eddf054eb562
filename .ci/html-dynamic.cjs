// What .ci/html-check cannot see from the outside: one page in headless
// Chromium (driven by playwright-core) at a phone's width, with axe-core
// injected, and printed.
//
//   node .ci/html-dynamic.cjs PAGE.html SCREENSHOT.png PRINT.pdf
//
// Prints one JSON object on stdout:
//   { "width": 390, "scrollWidth": …, "clientWidth": …,   the page at 390 px
//     "violations": [{ "id", "impact", "help", "nodes": [html…] }],   axe-core
//     "pdf": "PRINT.pdf" }
// and writes a full-page 390 px screenshot and the printed PDF.
//
// playwright-core and axe-core come from npm (.ci/run installs them into a
// temporary folder and sets NODE_PATH); the browser is the system's
// Chromium ($CHROMIUM, else /usr/bin/chromium). The page forbids scripts
// (Content-Security-Policy), so the context bypasses the policy to inject
// axe-core: only the check's own script runs.

const path = require("path");
const { chromium } = require("playwright-core");

const PHONE = { width: 390, height: 844 };

async function main() {
  const [page, screenshot, pdf] = process.argv.slice(2);
  if (!page || !screenshot || !pdf) {
    console.error("usage: node .ci/html-dynamic.cjs PAGE.html SCREENSHOT.png PRINT.pdf");
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const tab = await context.newPage();
    await tab.goto("file://" + path.resolve(page), { waitUntil: "load" });
    const size = await tab.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    await tab.screenshot({ path: screenshot, fullPage: true });
    await tab.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const result = await tab.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.html).slice(0, 5),
    }));
    await tab.emulateMedia({ media: "print" });
    await tab.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    process.stdout.write(JSON.stringify({ width: PHONE.width, ...size, violations, pdf }) + "\n");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
