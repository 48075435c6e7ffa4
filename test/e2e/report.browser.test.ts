/**
 * The weekly report end to end in a real headless browser (Debian's Chromium via playwright-core):
 * Incidents and counters in the embedded DynamoDB -> buildWeeklyReport with the real stores,
 * the real chart renderer and a folder report store -> the archived index.html and its PNGs
 * opened from disk, and the emailed HTML with its cid: images resolved from the attachments.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_LABEL_PX, CHART_WIDTH, SvgChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import { OutboxMailer } from '../../lambdas/adapters/outbox-mailer.ts';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { FolderReportStore } from '../../lambdas/adapters/folder-report-store.ts';
import type { Email, Logger } from '../../lambdas/core/ports.ts';
import { buildWeeklyReport, type WeeklyReportResult } from '../../lambdas/core/report/build-weekly-report.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { launchBrowser, skipBrowserTests } from '../helpers/browser.ts';
import { crisisBuckets, crisisIncidents, HOSTILE, reportConfig, WEEK } from '../core/report/report-fixtures.ts';

const SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/images/weekly-report.png');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Stores the fixture fortnight under `brand`; the hostile copy's ids are prefixed so both share the tables. */
async function seed(stores: DynamoStores, brand: string, hostile: boolean): Promise<void> {
  for (const i of crisisIncidents({ hostile })) {
    await stores.incidents.create({ ...i, id: hostile ? `hostile-${i.id}` : i.id, brand, fingerprint: `${brand}#${i.theme}` });
  }
  // A few hundred buckets: 25 writes at a time, not hundreds of sockets at once (which a loaded machine resets).
  const buckets = crisisBuckets({ hostile });
  for (let k = 0; k < buckets.length; k += 25) {
    await Promise.all(buckets.slice(k, k + 25).map(({ brand: _b, bucketStart, ...delta }) => stores.counters.add(brand, bucketStart, delta)));
  }
}

describe.skipIf(skipBrowserTests)('E2E: weekly report in headless Chromium', () => {
  let dynamo: EmbeddedDynamo;
  let dir: string;
  let browser: Browser;
  const sent: Email[] = [];
  const results: Record<'clean' | 'hostile', WeeklyReportResult> = {} as never;

  // Seeding two fortnights and drawing six charts on a busy 2-core machine.
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-report-'));
    const charts = new SvgChartRenderer();
    for (const variant of ['clean', 'hostile'] as const) {
      await seed(stores, variant, variant === 'hostile');
      results[variant] = await buildWeeklyReport(
        {
          clock: { now: () => new Date('2026-11-23T09:00:00Z') },
          counters: stores.counters,
          incidents: stores.incidents,
          reports: new FolderReportStore({ dir: path.join(dir, variant) }),
          mailer: { send: async (e) => void sent.push(e) },
          charts,
          logger: silent,
        },
        { ...reportConfig, brands: [{ ...reportConfig.brands[0]!, id: variant }] },
        { week: WEEK },
      );
    }
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dynamo?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(file: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    return page;
  }

  const chartsLoaded = (page: Page) =>
    page.$$eval('img', (imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 })));

  it('opens the archived report with every chart loaded, and screenshots it for the README', async () => {
    const page = await open(results.clean.archiveUrl, 720);
    expect(await chartsLoaded(page)).toEqual([
      { src: 'daily-mentions.png', ok: true },
      { src: 'response-times.png', ok: true },
      { src: 'complaint-themes.png', ok: true },
    ]);
    await expect(page.locator('h1').innerText()).resolves.toBe('16–22 Nov 2026');
    // The incident list first, what to change, then the week, alert quality, the trends, the post-mortems, the appendix.
    const order = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(order).toEqual([
      "This week's incidents", 'What to change', 'The week at a glance', 'Alert quality', 'Trends', 'Post-mortems', 'Overdue action items from earlier weeks', 'Appendix: who does what',
    ]);
    // Only the notes the resolver wrote: one of the three post-mortems has "Where we were lucky".
    await expect(page.getByText('Where we were lucky').count()).resolves.toBe(1);
    // Each incident line jumps to its post-mortem.
    await page.locator('a[href="#pm-inc-2026-11-21-delivery"]').click();
    expect(await page.evaluate('location.hash')).toBe('#pm-inc-2026-11-21-delivery');
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.byteLength).toBeGreaterThan(100_000);
    // The README picture: the headline, the incident list, what to change, the week at a glance, alert quality and the trends.
    await page.evaluate('window.scrollTo(0, 0)');
    const cut = (await page.locator('h2', { hasText: 'Post-mortems' }).boundingBox())!;
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 720, height: Math.ceil(cut.y - 8) } });
    await page.close();
  });

  it('shows hostile resolution and theme text as text, running none of it', async () => {
    const page = await open(results.hostile.archiveUrl, 720);
    const text = await page.locator('body').innerText();
    expect(text).toContain(`Firmware 9.1 ${HOSTILE.script} shipped`);
    // The theme reads as its label (dashes and underscores as spaces), its markup as text.
    expect(text).toContain(`Delivery ${HOSTILE.img.replace("__", " ")}`);
    expect(text).toContain(HOSTILE.link);
    // String expressions: the project's TypeScript has no DOM lib, the page has.
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    // Only the three charts are images: none came from the hostile text.
    expect((await chartsLoaded(page)).map((i) => i.src)).toEqual(['daily-mentions.png', 'response-times.png', 'complaint-themes.png']);
    await page.screenshot({ fullPage: true });
    await page.close();
  });

  it('reads at phone width (390 px): no horizontal overflow, chart labels legible, no detector jargon', async () => {
    for (const result of [results.clean, results.hostile]) {
      const page = await open(result.archiveUrl, 390);
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(390);
      // A chart drawn CHART_WIDTH wide shows its labels at CHART_LABEL_PX times the shrink: at least 11 px on a phone.
      const shown = await page.$$eval('img', (imgs) => imgs.map((i) => ({ width: i.getBoundingClientRect().width, natural: i.naturalWidth })));
      expect(shown).toHaveLength(3);
      for (const img of shown) {
        expect(img.natural).toBe(CHART_WIDTH * 2);
        expect((CHART_LABEL_PX * img.width) / CHART_WIDTH).toBeGreaterThanOrEqual(11);
      }
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/σ|\[theme |baseline \d/);
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.byteLength).toBeGreaterThan(50_000);
      await page.close();
    }
  });

  it('writes an outbox copy of the report email whose images show when opened from disk', async () => {
    const email = sent.find((e) => e.html.includes('>inc-2026-11-17-overheating<'))!;
    const outbox = new OutboxMailer({ dir: path.join(dir, 'outbox'), clock: { now: () => new Date('2026-11-23T09:00:00Z') } });
    const file = await outbox.write(email);
    for (const width of [1280, 390]) {
      const page = await open(file.html, width);
      const images = await chartsLoaded(page);
      expect(images).toHaveLength(3);
      expect(images.every((i) => i.ok && i.src?.startsWith('data:image/png;base64,'))).toBe(true);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page.close();
    }
  });

  it('emails HTML whose cid: images are exactly the attachments', async () => {
    const email = sent.find((e) => e.html.includes('>inc-2026-11-17-overheating<'))!;
    expect(email.attachments?.map((a) => a.id)).toEqual(['daily-mentions', 'response-times', 'complaint-themes']);
    // What a mail client does: resolve each cid: to its attachment.
    const resolved = email.html.replace(/src="cid:([^"]+)"/g, (_m, id: string) => {
      const a = email.attachments!.find((x) => x.id === id)!;
      return `src="data:${a.contentType};base64,${Buffer.from(a.content).toString('base64')}"`;
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.setContent(resolved, { waitUntil: 'load' });
    const images = await chartsLoaded(page);
    expect(images).toHaveLength(3);
    expect(images.every((i) => i.ok)).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });
});
