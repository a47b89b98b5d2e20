/**
 * Opens an HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) from file:// with the network off, and checks what a reader would see: no
 * console errors or page errors, every chart canvas drawn (not blank), one summary row per
 * scenario. Prints the report's size and render time, and saves a screenshot.
 *
 *   npx tsx scripts/check-report-in-browser.ts REPORT.html [SCREENSHOT.png]
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** What the check reads of a canvas (the project compiles without the DOM library). */
interface CanvasLike {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> };
  } | null;
}

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function main(): Promise<number> {
  const [reportArg, screenshotArg] = process.argv.slice(2);
  if (!reportArg) {
    console.error('usage: check-report-in-browser REPORT.html [SCREENSHOT.png]');
    return 64;
  }
  const report = resolve(reportArg);
  const scenarios = (readFileSync(report, 'utf8').match(/<section class="scenario"/g) ?? []).length;
  const userDataDir = mkdtempSync(join(tmpdir(), 'syncbench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: QUIET_FLAGS,
    offline: true,
    viewport: { width: 1280, height: 900 },
  });
  const problems: string[] = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
    });
    const t0 = performance.now();
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-drawn]', { timeout: 30_000 });
    const renderMs = performance.now() - t0;
    const canvases = await page.$$eval('canvas', (list) =>
      list.map((c) => {
        const canvas = c as unknown as CanvasLike;
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) return { id: canvas.id, inked: 0 };
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) inked++;
        return { id: canvas.id, inked };
      }),
    );
    const blank = canvases.filter((c) => c.inked < 100);
    for (const c of blank) problems.push(`chart ${c.id} is blank`);
    const summaryRows = await page.$$eval('#summary tbody tr', (rows) => rows.length);
    if (summaryRows !== scenarios)
      problems.push(`summary has ${summaryRows} rows for ${scenarios} scenarios`);
    if (screenshotArg) await page.screenshot({ path: resolve(screenshotArg), fullPage: false });
    console.log(
      `report ${report}: ${statSync(report).size} bytes, rendered in ${Math.round(renderMs)} ms; ` +
        `${canvases.length} charts drawn, ${blank.length} blank; ${summaryRows} summary rows`,
    );
  } finally {
    await context.close();
  }
  for (const p of problems) console.error(p);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
