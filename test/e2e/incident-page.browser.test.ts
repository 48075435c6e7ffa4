/**
 * The incident page in a real headless browser (Debian's Chromium via playwright-core), served
 * the way `serve` serves it (lib/local/pages.ts over the same handlers the function URLs run),
 * on the embedded DynamoDB: opened from the link in an escalation email, with 200 posts to page
 * through and sort, hostile post text, the chart, the buttons to the action pages, axe-core on
 * every page, and forged or expired links refused. It saves the README's picture of the page.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { OutboxMailer } from '../../lambdas/adapters/outbox-mailer.ts';
import { DetectionSchema, EscalationPolicySchema } from '../../lambdas/core/config.ts';
import { renderEscalationEmail } from '../../lambdas/core/email/escalation-email.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import { buildActionLinks, buildViewLink, createLinkSigner } from '../../lambdas/core/links.ts';
import type { Mention } from '../../lambdas/core/mention.ts';
import type { Email } from '../../lambdas/core/ports.ts';
import { negativity } from '../../lambdas/core/mention-text.ts';
import { createIncidentActionHandler } from '../../lambdas/handlers/incident-action.ts';
import { createIncidentPageHandler } from '../../lambdas/handlers/incident-page.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { createLocalPages, localIncidentPageUrl } from '../../lib/local/pages.ts';
import { serveActions, type ActionServer } from '../../lib/local/serve.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchBrowser, skipBrowserTests } from '../helpers/browser.ts';
import { EMOJI, LONG_WORD, RLO, SCRIPT, aMention, actionConfig, anIncident, brand } from '../helpers/incident-data.ts';
import { RecordingFlowCallback } from '../helpers/recording.ts';

const SECRET = 'e2e-page-secret-0123456789abcdef';
const NOW = new Date('2025-03-03T13:30:00.000Z');
const OPENED = '2025-03-03T10:00:00.000Z';
const ANN = { name: 'Ann Lee', email: 'ann@acme.test' };
const SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/images/incident-page.png');
const at = (minutes: number) => new Date(Date.parse(OPENED) + minutes * 60_000).toISOString();

const config = {
  ...actionConfig,
  escalationPolicies: [
    EscalationPolicySchema.parse({ id: 'major', severities: ['SEV1', 'SEV2'], levels: [{ owners: ['ann'], timeoutMinutes: 15 }, { owners: ['bo'], timeoutMinutes: 30 }] }),
    EscalationPolicySchema.parse({ id: 'minor', severities: ['SEV3'], levels: [{ owners: ['ann'], timeoutMinutes: 60 }] }),
  ],
  detection: DetectionSchema.parse({}),
};

/** Opened at SEV2, level 1 slept, level 2 paged, raised to SEV1: still open, so the buttons show. */
const incident = (id: string, over: Partial<Incident> = {}): Incident =>
  anIncident(id, {
    severity: 'SEV1',
    status: 'open',
    openedAt: OPENED,
    firstMentionAt: at(-34),
    reason: '12 negative mentions in 1 h, baseline 2 ± 1 (10σ; same hour over 20 past windows; min 8) [theme outage]',
    mentionCount: 200,
    negativeCount: 151,
    reach: 3_184_300,
    level: 2,
    notified: [ANN.email, 'bo@acme.test'],
    taskToken: `token-${id}`,
    timeline: [
      { at: at(-34), type: 'first-mention' },
      { at: OPENED, type: 'opened', actor: 'crisis-desk' },
      { at: OPENED, type: 'notified', actor: ANN.email, level: 1, detail: 'level 1 at SEV2' },
      { at: at(15), type: 'escalated', actor: 'crisis-desk', level: 2 },
      { at: at(15), type: 'notified', actor: 'bo@acme.test', level: 2, detail: 'level 2 at SEV2' },
      {
        at: at(30),
        type: 'severity-raised',
        actor: 'crisis-desk',
        detail: 'SEV2 → SEV1: 46 negative mentions in 1 h, baseline 2 ± 1 (44σ; same hour over 20 past windows; min 8); negative mention by @technews_daily with reach 2,400,000 (≥ 100,000) [theme outage]',
      },
    ],
    ...over,
  });

/** 200 posts over three hours: reach and negativity spread out, a few hostile, some answered by the brand. */
function posts(incidentId: string): Mention[] {
  const hostile = [SCRIPT, RLO, LONG_WORD, EMOJI];
  return Array.from({ length: 200 }, (_, n) => {
    const negative = ((n * 37) % 100) / 100;
    return aMention(`${incidentId}-${n}`, n < hostile.length ? `${hostile[n]} post ${n}` : `Still no signal in the north, post ${n}. Day ruined.`, {
      incidentId,
      createdAt: at(-30 + n),
      author: { handle: `@user${n}`, displayName: n % 3 ? undefined : `User ${n}`, reach: ((n * 7919) % 97_000) + 10, isBrand: false },
      analysis: {
        sentiment: negative > 0.3 ? 'NEGATIVE' : 'NEUTRAL',
        scores: { positive: 0, negative, neutral: 1 - negative, mixed: 0 },
        complaint: negative > 0.6,
        signals: [],
        risks: n === 7 ? ['safety:burned my'] : [],
        theme: 'outage',
        analyzer: 'lexicon',
      },
      ...(n % 5 === 0 && { repliedAt: at(-30 + n + 42) }),
      ...(n === 9 && { url: 'javascript:alert(document.cookie)' }),
    });
  });
}

describe.skipIf(skipBrowserTests)('E2E: the incident page in headless Chromium', () => {
  let dynamo: EmbeddedDynamo;
  let stores: DynamoStores;
  let server: ActionServer;
  let browser: Browser;
  let context: BrowserContext;
  let outboxDir: string;
  let outbox: OutboxMailer;
  const signer = createLinkSigner(SECRET);
  const clock = { now: () => NOW };
  const callbacks = new RecordingFlowCallback();
  const dialogs: string[] = [];
  const sent: Email[] = [];

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    outboxDir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-page-'));
    outbox = new OutboxMailer({ dir: outboxDir });
    const logger = new ConsoleLogger({ level: 'error' });
    // The page's handler and the actions' handler, served the way `serve` serves them.
    let base = '';
    const deps = { incidents: stores.incidents, mentions: stores.mentions, counters: stores.counters, clock, logger, config };
    const mailer = { send: async (e: Email) => void sent.push(e) };
    const actions = createIncidentActions({ incidents: stores.incidents, callbacks, mailer, clock, logger, config });
    server = await serveActions({
      port: 0,
      handler: (event) =>
        createLocalPages({
          actions: createIncidentActionHandler({ signer: async () => signer, incidents: stores.incidents, actions, clock, logger, config, pages: { pageUrl: localIncidentPageUrl(base), linkDays: 30, actionsUrl: base } }),
          incidentPage: createIncidentPageHandler({ ...deps, signer: async () => signer }),
          deps: { ...deps, signer },
        })(event),
    });
    base = server.url;
    // A week of ordinary hours (a negative post or two in the afternoon), then the outage.
    const opened = Date.parse(OPENED);
    for (let h = -8 * 24; h < 4; h++) {
      const start = new Date(opened + h * 3_600_000);
      const hour = start.getUTCHours();
      const negative = h >= 0 ? [14, 46, 31, 22][h]! : h >= -1 ? 5 : hour >= 9 && hour < 18 ? 1 + (h % 2 ? 1 : 0) : 0;
      await stores.counters.add('acme', start.toISOString(), { total: negative * 3 + 4, negative, complaint: negative, reach: 1000, negativeReach: 500, bySource: { x: negative * 3 + 4 }, byTheme: { outage: negative } });
    }
    browser = await launchBrowser();
    // axe-core is injected as a script: the pages' CSP would refuse it.
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP: true });
    context.on('page', (p) => p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    }));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await dynamo?.stop();
    if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
  });

  /** Stores the Incident and its posts, writes its escalation email to Ann into the outbox. */
  async function escalate(id: string, over: Partial<Incident> = {}) {
    await stores.incidents.create(incident(id, over));
    await stores.mentions.putMany(posts(id));
    const view = buildViewLink(localIncidentPageUrl(server.url), signer, id, ANN.email, NOW, { actionsUrl: server.url });
    const email = renderEscalationEmail({
      incident: (await stores.incidents.get(id))!,
      brand,
      mentions: await stores.mentions.listByIncident(id, 20),
      level: 1,
      recipient: ANN,
      links: buildActionLinks(server.url, signer, id, ANN.email, NOW),
      incidentPage: view,
      sender: config.sender,
      timeZone: config.timeZone,
      owners: config.owners,
    });
    const file = await outbox.write({ from: config.sender, to: [ANN.email], ...email });
    return { view, file };
  }

  async function openFromEmail(file: string): Promise<Page> {
    const mail = await context.newPage();
    await mail.goto(pathToFileURL(file).href);
    await mail.getByRole('link', { name: 'See the whole incident' }).click();
    await mail.waitForLoadState();
    return mail;
  }

  const postTexts = (page: Page) => page.locator('li.post .text').allInnerTexts();
  const postReaches = async (page: Page) => (await page.locator('li.post .meta').allInnerTexts()).map((t) => /· ([\d.]+K?) reach/.exec(t)?.[1] ?? '');

  it('opens from the email link and shows where it stands, the timeline, the chart and the newest posts, passing axe', async () => {
    const { file } = await escalate('inc-page');
    const page = await openFromEmail(file.html);
    expect(page.url()).toContain('/incident?t=');
    expect((await page.locator('h1').innerText()).replace(/\s+/g, ' ')).toBe('SEV1 Acme Mobile: outage incident');
    const standing = page.getByRole('complementary', { name: 'Where it stands' });
    for (const text of ['Open', 'Opened', 'as SEV2', 'Raised from SEV2 to SEV1', 'Nobody yet', 'level 1 at SEV2, Ann Lee', 'level 2 at SEV2, Bo Chen', 'Waiting for level 2 (Bo Chen) to acknowledge']) {
      expect(await standing.getByText(text, { exact: false }).count(), text).toBeGreaterThan(0);
    }
    const timeline = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
    expect(await timeline.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Level 2 paged after no answer: Bo Chen'), expect.stringContaining('Raised from SEV2 to SEV1')]));
    // The chart: an accessible image with its numbers beside it, no script.
    const chart = page.getByRole('img', { name: /Negative posts per hour since the incident opened/ });
    expect(await chart.count()).toBe(1);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(2);
    expect(await page.locator('svg.chart path.normal').count()).toBe(1);
    await page.getByText('The numbers').click();
    expect(await page.locator('details.numbers tbody tr').count()).toBe(await page.locator('svg.chart rect').count());
    expect(await page.locator('script').count()).toBe(0);
    // The newest 50 posts first.
    expect(await page.locator('li.post').count()).toBe(50);
    expect((await postTexts(page))[0]).toContain('post 199');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('pages through all 200 posts without JavaScript, 50 at a time, each once', async () => {
    const { view } = await escalate('inc-paging');
    const page = await context.newPage();
    await page.goto(view);
    const seen: string[] = [];
    for (let n = 1; n <= 4; n++) {
      expect(await page.getByText(`Page ${n} of 4`).count()).toBe(1);
      seen.push(...(await postTexts(page)));
      if (n < 4) await Promise.all([page.waitForURL(/page=\d/), page.getByRole('link', { name: 'Next' }).click()]);
    }
    expect(await page.getByRole('link', { name: 'Next' }).count()).toBe(0);
    expect(seen).toHaveLength(200);
    expect(new Set(seen.map((t) => /post (\d+)/.exec(t)![1])).size).toBe(200);
    await page.getByRole('link', { name: 'Previous' }).click();
    await page.waitForURL(/page=3/);
    expect((await postTexts(page))[0]).toContain('post 99');
    await page.close();
  });

  it('sorts by reach, by negativity and oldest first, across pages', async () => {
    const { view } = await escalate('inc-sorts');
    const all = posts('inc-sorts');
    const page = await context.newPage();
    await page.goto(view);
    await Promise.all([page.waitForURL(/sort=reach/), page.getByRole('link', { name: 'Most reach' }).click()]);
    expect(await page.getByRole('link', { name: 'Most reach' }).getAttribute('aria-current')).toBe('true');
    const byReach = [...all].sort((a, b) => b.author.reach - a.author.reach);
    expect((await postTexts(page))[0]).toContain(byReach[0]!.text.slice(-20));
    expect((await postReaches(page)).length).toBe(50);
    // The sort holds on the next page: page 2 starts with the 51st most reached.
    await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: 'Next' }).click()]);
    expect((await postTexts(page))[0]).toContain(byReach[50]!.text.slice(-20));

    await Promise.all([page.waitForURL(/sort=negative/), page.getByRole('link', { name: 'Most negative' }).click()]);
    const byNegativity = [...all].sort((a, b) => negativity(b) - negativity(a) || b.author.reach - a.author.reach);
    expect((await postTexts(page)).slice(0, 3).map((t) => /post (\d+)/.exec(t)![1])).toEqual(byNegativity.slice(0, 3).map((m) => /-(\d+)$/.exec(m.nativeId)![1]));
    expect(await page.getByText('Page 1 of 4').count()).toBe(1);

    await Promise.all([page.waitForURL(/sort=oldest/), page.getByRole('link', { name: 'Oldest' }).click()]);
    expect((await postTexts(page))[0]).toContain(SCRIPT); // post 0 is the oldest
    await page.close();
  });

  it('shows hostile post text as text, runs none of it, and links no javascript: URL', async () => {
    const { view } = await escalate('inc-hostile');
    const page = await context.newPage();
    await page.goto(`${view}&sort=oldest`);
    const first = page.locator('li.post').first();
    expect(await first.locator('.text').innerText()).toContain(SCRIPT);
    expect(await page.locator('li.post script, li.post img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    // The bidi override is stripped, the long word wraps on a phone.
    expect(await page.locator('li.post .text').nth(1).innerText()).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    // The analysis, the risk and the brand's reply are there.
    expect(await page.locator('li.post').nth(7).innerText()).toMatch(/Risk: safety \(“burned my”\)/);
    expect(await first.innerText()).toMatch(/The brand replied after 42 min/);
    expect(await page.locator('li.post').nth(1).innerText()).toMatch(/No reply from the brand yet/);
    expect(dialogs).toEqual([]);
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.close();
  });

  it('leads its Acknowledge button to the signed single-use action page, which acknowledges as the link\'s recipient', async () => {
    const { view } = await escalate('inc-act');
    const page = await context.newPage();
    await page.goto(view);
    await Promise.all([page.waitForLoadState(), page.getByRole('link', { name: 'Acknowledge', exact: true }).click()]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('h1').innerText()).toMatch(/^Acknowledge the SEV1/);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Acknowledge' }).click()]);
    expect((await stores.incidents.get('inc-act'))!).toMatchObject({ status: 'acknowledged', acknowledgedBy: ANN.email });
    // Back on the incident page: owned, and no Acknowledge button any more.
    await page.goto(view);
    expect(await page.getByRole('complementary', { name: 'Where it stands' }).getByText('Owned by Ann Lee').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Resolve', exact: true }).count()).toBe(1);
    // Everyone paged got a notice of their own, with a page link bound to them.
    const notices = sent.filter((e) => /acknowledged by Ann Lee/.test(e.subject));
    expect(notices.map((n) => n.to)).toEqual([[ANN.email], ['bo@acme.test']]);
    for (const n of notices) {
      const link = /https?:\/\/\S+\/incident\?t=[\w.-]+/.exec(n.text)![0];
      const claims = signer.verify(new URL(link).searchParams.get('t')!, NOW);
      expect(claims).toMatchObject({ action: 'view', incidentId: 'inc-act', recipient: n.to[0], actionsUrl: server.url });
    }
    await page.close();
  });

  it('the resolve form it leads to passes axe, with the timeline and counts beside the questions', async () => {
    const { view } = await escalate('inc-resolve-axe');
    const page = await context.newPage();
    await page.goto(view);
    await Promise.all([page.waitForLoadState(), page.getByRole('link', { name: 'Resolve', exact: true }).click()]);
    expect(await page.getByRole('complementary', { name: 'What happened' }).getByText('200 mentions, 151 negative').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it.each([
    ['forged', (t: string) => `${t.slice(0, -6)}AAAAAA`, 403],
    ['signed with another key', () => createLinkSigner('another-secret-0123456789abcdef').sign({ incidentId: 'inc-gate', action: 'view', recipient: ANN.email, expiresAt: '2099-01-01T00:00:00.000Z', nonce: 'n' }), 403],
    ['expired', () => new URL(buildViewLink('http://x/incident', signer, 'inc-gate', ANN.email, new Date(NOW.getTime() - 31 * 86_400_000))).searchParams.get('t')!, 410],
    ['for someone never paged', () => new URL(buildViewLink('http://x/incident', signer, 'inc-gate', 'eve@evil.test', NOW)).searchParams.get('t')!, 403],
    ['an action link', () => new URL(buildActionLinks('http://x/', signer, 'inc-gate', ANN.email, NOW).acknowledge).searchParams.get('t')!, 400],
  ])('refuses a %s link with a 4xx and shows nothing of the incident', async (_kind, token, status) => {
    if (!(await stores.incidents.get('inc-gate'))) await escalate('inc-gate');
    const { view } = { view: buildViewLink(localIncidentPageUrl(server.url), signer, 'inc-gate', ANN.email, NOW) };
    const url = new URL(view);
    url.searchParams.set('t', token(url.searchParams.get('t')!));
    const page = await context.newPage();
    const response = (await page.goto(url.href))!;
    expect(response.status()).toBe(status);
    const body = await page.locator('body').innerText();
    for (const secret of ['outage', 'Ann Lee', 'post 1', 'Still no signal', 'inc-gate']) expect(body).not.toContain(secret);
    expect(await page.locator('li.post, svg.chart').count()).toBe(0);
    await page.close();
  });

  it('lists every incident at / for this machine only, each opening read-only', async () => {
    await escalate('inc-listed', { severity: 'SEV3', status: 'resolved', resolvedAt: at(60) });
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await page.locator('h1').innerText()).toBe('Incidents');
    const row = page.getByRole('row', { name: /inc-listed|Acme Mobile: Outage/ }).filter({ hasText: 'SEV3' });
    expect(await row.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForLoadState(), row.getByRole('link').click()]);
    expect(page.url()).toContain('/incident?id=inc-listed');
    expect(await page.getByText('Read-only: open it from an email to act on it.').count()).toBe(1);
    expect(await page.locator('nav.actions').count()).toBe(0);
    // The same request naming another host (a DNS rebinding page) gets nothing.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    await page.close();
  });

  it('saves the README picture of the incident page (docs/images/incident-page.png)', async () => {
    const { view } = await escalate('inc-2025-03-03-acme-outage');
    const page = await context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(view);
    const cut = (await page.locator('#posts-heading').boundingBox())!;
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(cut.y + 720) } });
    await page.close();
  });
});
