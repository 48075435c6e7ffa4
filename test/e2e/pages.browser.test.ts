/**
 * The action pages in a real headless browser (Debian's Chromium via playwright-core), end to end:
 * escalation email in the outbox -> click its button -> confirmation page -> POST -> Incident in the
 * embedded DynamoDB. Only the FlowCallback is a recording fake (its real adapter is Step Functions).
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import type { DynamoIncidentStore } from '../../lambdas/adapters/dynamo-incident-store.ts';
import type { DynamoMentionStore } from '../../lambdas/adapters/dynamo-mention-store.ts';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { OutboxMailer } from '../../lambdas/adapters/outbox-mailer.ts';
import { renderEscalationEmail } from '../../lambdas/core/email/escalation-email.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import { buildActionLinks, createLinkSigner, type ActionLinks } from '../../lambdas/core/links.ts';
import type { Mention } from '../../lambdas/core/mention.ts';
import { createIncidentActionHandler } from '../../lambdas/handlers/incident-action.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { serveActions, type ActionServer } from '../../lib/local/serve.ts';
import { launchBrowser, skipBrowserTests } from '../helpers/browser.ts';
import { LONG_WORD, SCRIPT, aMention, actionConfig, anIncident, brand } from '../helpers/incident-data.ts';
import { RecordingFlowCallback } from '../helpers/recording.ts';

const SECRET = 'e2e-link-secret-0123456789abcdef';
const RECIPIENT = { name: 'Ann Lee', email: 'ann@acme.test' };
const SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/images/escalation-email.png');

describe.skipIf(skipBrowserTests)('E2E: action pages in headless Chromium', () => {
  let dynamo: EmbeddedDynamo;
  let incidents: DynamoIncidentStore;
  let mentions: DynamoMentionStore;
  let server: ActionServer;
  let browser: Browser;
  let context: BrowserContext;
  let outboxDir: string;
  let outbox: OutboxMailer;
  const callbacks = new RecordingFlowCallback();
  const clock = { now: () => new Date() };
  const signer = createLinkSigner(SECRET);

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    ({ incidents, mentions } = createDynamoStores(dynamo.client, dynamo.tableNames));
    outboxDir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-outbox-'));
    outbox = new OutboxMailer({ dir: outboxDir });
    const logger = new ConsoleLogger({ level: 'error' });
    const actions = createIncidentActions({ incidents, callbacks, mailer: outbox, clock, logger, config: actionConfig });
    const handler = createIncidentActionHandler({ signer: async () => signer, incidents, actions, clock, logger, config: actionConfig });
    server = await serveActions({ port: 0, host: '127.0.0.1', handler });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await dynamo?.stop();
    if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
  });

  /** Stores an Incident with Mentions, renders its escalation email into the outbox, returns the links and the file. */
  async function escalate(id: string, extra: Mention[] = []) {
    await incidents.create(anIncident(id, { taskToken: `token-${id}` }));
    const ms = [aMention(`${id}-1`, `${SCRIPT} app down since 9am`, { incidentId: id }), ...extra];
    await mentions.putMany(ms);
    const links = buildActionLinks(server.url, signer, id, RECIPIENT.email, clock.now());
    const email = renderEscalationEmail({
      incident: (await incidents.get(id))!,
      brand,
      mentions: await mentions.listByIncident(id, 20),
      level: 1,
      recipient: RECIPIENT,
      links,
      sender: actionConfig.sender,
      timeZone: actionConfig.timeZone,
    });
    const file = await outbox.write({ from: actionConfig.sender, to: [RECIPIENT.email], ...email });
    return { links, file };
  }

  /** Opens the email from the outbox and clicks one of its buttons; the link opens in a new tab. */
  async function clickEmailButton(file: string, label: string): Promise<Page> {
    const mail = await context.newPage();
    await mail.goto(pathToFileURL(file).href);
    const [tab] = await Promise.all([context.waitForEvent('page'), mail.getByRole('link', { name: label, exact: true }).first().click()]);
    await tab.waitForLoadState();
    await mail.close();
    return tab;
  }

  const h1 = async (page: Page) => (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
  // A string, evaluated in the page: the project's tsconfig has no DOM types.
  const fitsThePhone = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

  it('acknowledges from the email link: GET only confirms, POST changes the Incident, the link then is spent', async () => {
    const { links, file } = await escalate('inc-ack');
    const page = await clickEmailButton(file.html, 'Acknowledge');

    // The confirmation page: what a mail scanner would see; nothing has changed yet.
    expect(await h1(page)).toContain('Acknowledge the SEV1 Acme Mobile: outage incident?');
    expect((await incidents.get('inc-ack'))!).toMatchObject({ status: 'open', version: 3 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await fitsThePhone(page)).toBe(true);

    await page.getByLabel(/Note for the others/).fill('Replying from @acme; status page updated');
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Acknowledge' }).click()]);
    expect(await h1(page)).toContain('acknowledged');

    const stored = (await incidents.get('inc-ack'))!;
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: RECIPIENT.email, version: 4 });
    expect(stored.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: RECIPIENT.email, detail: 'Replying from @acme; status page updated' });
    expect(callbacks.succeeded).toContainEqual({
      taskToken: 'token-inc-ack',
      output: { action: 'acknowledged', by: RECIPIENT.email, note: 'Replying from @acme; status page updated' },
    });
    expect(outbox.sent.length).toBeGreaterThanOrEqual(2); // the escalation and the notice to everyone paged

    // The same link again: refused with a clear page and 409, nothing changes.
    const again = await page.goto(links.acknowledge);
    expect(again!.status()).toBe(409);
    expect(await h1(page)).toBe('This link has already been used');
    expect((await incidents.get('inc-ack'))!.version).toBe(4);
    await page.close();
  });

  it('sends the security headers with every page', async () => {
    const { links } = await escalate('inc-headers');
    const page = await context.newPage();
    const response = (await page.goto(links.snooze))!;
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await page.close();
  });

  it.each([
    ['forged', (t: string) => `${t.slice(0, -6)}AAAAAA`, 403, 'This link is not valid'],
    ['malformed', () => 'not-a-token', 400, 'This link is incomplete'],
  ])('refuses a %s token with the error page and changes nothing', async (_kind, mangle, status, heading) => {
    const { links } = await escalate(`inc-${_kind}`);
    const url = new URL(links.acknowledge);
    url.searchParams.set('t', mangle(url.searchParams.get('t')!));
    const page = await context.newPage();
    const response = (await page.goto(url.href))!;
    expect(response.status()).toBe(status);
    expect(await h1(page)).toBe(heading);
    expect(await page.getByRole('button').count()).toBe(0);
    expect((await incidents.get(`inc-${_kind}`))!).toMatchObject({ status: 'open', version: 3 });
    await page.close();
  });

  it('refuses a forged token on POST too', async () => {
    const { links } = await escalate('inc-forged-post');
    const forged = createLinkSigner('someone-elses-secret-0123456789').sign({
      incidentId: 'inc-forged-post', action: 'acknowledge', recipient: 'eve@evil.test', expiresAt: '2099-01-01T00:00:00.000Z', nonce: 'x',
    });
    const response = await fetch(new URL(links.acknowledge).origin, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: forged, note: 'pwned' }),
    });
    expect(response.status).toBe(403);
    expect((await incidents.get('inc-forged-post'))!.status).toBe('open');
  });

  it('refuses an expired link with 410', async () => {
    await incidents.create(anIncident('inc-expired'));
    const [old] = [buildActionLinks(server.url, signer, 'inc-expired', RECIPIENT.email, new Date(Date.now() - 8 * 24 * 3_600_000))];
    const page = await context.newPage();
    expect((await page.goto(old!.acknowledge))!.status()).toBe(410);
    expect(await h1(page)).toBe('This link has expired');
    await page.close();
  });

  it('resolves with a root cause and several action items, adding a row without JavaScript', async () => {
    const { file } = await escalate('inc-resolve');
    const page = await clickEmailButton(file.html, 'Resolve');
    expect(await h1(page)).toContain('Resolve the SEV1 Acme Mobile: outage incident');
    expect(await fitsThePhone(page)).toBe(true);

    // Next to the questions: the counts and the timeline.
    const context = page.getByRole('complementary', { name: 'What happened' });
    expect(await context.getByText('61 mentions, 46 negative').count()).toBe(1);
    expect(await context.getByRole('list', { name: 'Timeline' }).getByRole('listitem').count()).toBeGreaterThanOrEqual(2);

    await page.getByRole('radio', { name: /^Real/ }).check();
    await page.getByLabel(/^Root cause/).fill('Expired TLS certificate on the payments API');
    await page.getByLabel(/^Trigger/).fill('Renewal job had been failing silently');
    await page.getByLabel(/^What helped/).fill('The status page and one voice on @acme');
    await page.getByLabel(/^Where we were lucky/).fill('It happened on a Sunday');
    await page.getByRole('textbox', { name: 'Action item 1', exact: true }).fill('Alert 30 days before any certificate expires');
    await page.getByLabel('Owner of action item 1').fill('bo@acme.test');
    await page.getByLabel('Due date of action item 1').fill('2025-03-31');
    await page.getByRole('textbox', { name: 'Action item 3', exact: true }).fill('Post-incident review of the renewal job');
    await page.locator('#item-owner-2').fill('ann@acme.test');

    // No JavaScript: "Add another" is a server round trip that keeps what was typed.
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Add another action item' }).click()]);
    expect(await page.getByRole('textbox', { name: 'Action item 4', exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel(/^Root cause/).inputValue()).toBe('Expired TLS certificate on the payments API');
    expect(await page.getByRole('radio', { name: /^Real/ }).isChecked()).toBe(true);
    expect(await page.locator('#item-due-0').inputValue()).toBe('2025-03-31');
    expect((await incidents.get('inc-resolve'))!.status).toBe('open');
    await page.getByRole('textbox', { name: 'Action item 4', exact: true }).fill('Runbook: rotate certificates by hand');
    await page.locator('#item-owner-3').fill('cy@acme.test');
    await page.locator('#item-due-3').fill('2025-04-15');

    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Resolve incident' }).click()]);
    expect(await h1(page)).toContain('resolved');

    const stored = (await incidents.get('inc-resolve'))!;
    expect(stored.status).toBe('resolved');
    expect(stored.resolution).toMatchObject({
      alert: { verdict: 'real' },
      rootCause: 'Expired TLS certificate on the payments API',
      trigger: 'Renewal job had been failing silently',
      whatHelped: 'The status page and one voice on @acme',
      lucky: 'It happened on a Sunday',
      resolvedBy: RECIPIENT.email,
      actionItems: [
        { text: 'Alert 30 days before any certificate expires', owner: 'bo@acme.test', due: '2025-03-31', status: 'open' },
        { text: 'Post-incident review of the renewal job', owner: 'ann@acme.test', status: 'open' },
        { text: 'Runbook: rotate certificates by hand', owner: 'cy@acme.test', due: '2025-04-15', status: 'open' },
      ],
    });
    expect(callbacks.succeeded).toContainEqual({ taskToken: 'token-inc-resolve', output: { action: 'resolved', by: RECIPIENT.email } });
    await page.close();
  });

  it('marks an alert a false alarm with its reason: no root cause needed, and a forgotten reason is asked for again', async () => {
    const { file } = await escalate('inc-false-alarm');
    const page = await clickEmailButton(file.html, 'Resolve');
    await page.getByRole('radio', { name: 'A false alarm' }).check();
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Resolve incident' }).click()]);
    // The server says what is missing, and keeps the choice made.
    expect(await page.getByRole('alert').innerText()).toContain('Please fix one field');
    expect(await page.getByText(/say why it was a false alarm/).count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'A false alarm' }).isChecked()).toBe(true);
    expect((await incidents.get('inc-false-alarm'))!.status).toBe('open');

    await page.getByRole('group', { name: 'If a false alarm, why?' }).getByRole('radio', { name: /^Spam or a bot campaign/ }).check();
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Resolve incident' }).click()]);
    expect(await h1(page)).toContain('resolved');
    expect((await incidents.get('inc-false-alarm'))!.resolution).toMatchObject({ alert: { verdict: 'false-alarm', why: 'spam-or-bots' }, rootCause: '' });
    await page.close();
  });

  it('shows a late acknowledgement after resolve as "already resolved" with 409', async () => {
    const { links } = await escalate('inc-late');
    await incidents.save({ ...(await incidents.get('inc-late'))!, status: 'resolved', resolvedAt: new Date().toISOString(), version: 4 });
    const page = await context.newPage();
    expect((await page.goto(links.acknowledge))!.status()).toBe(409);
    expect(await h1(page)).toBe('This incident is already resolved');
    await page.close();
  });

  it('renders the escalation email safely and saves a screenshot of it (docs/images/escalation-email.png)', async () => {
    const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:12:00.000Z') + minutes * 60_000).toISOString();
    const negative = (score: number) => ({ ...aMention('x', '').analysis!, scores: { positive: 0, negative: score, neutral: 1 - score, mixed: 0 } });
    const shown: Mention[] = [
      aMention('s1', "Day 2 of @acme's app being down. Can't pay, can't even log in. Support chat says 'try again later'. Seriously?", {
        author: { handle: '@marta_k', displayName: 'Marta K', reach: 3_400, isBrand: false },
        analysis: negative(0.97),
        createdAt: at(38),
      }),
      aMention('s2', 'Acme Mobile outage is hitting small businesses hard: card terminals on their network are offline across the north.', {
        author: { handle: 'technews_daily', displayName: 'Tech News Daily', reach: 2_400_000, isBrand: false },
        url: 'https://news.example.com/acme-outage',
        sourceKind: 'rss',
        analysis: negative(0.62),
        createdAt: at(41),
      }),
      aMention('s3', 'Third dropped call today. Paying for "unlimited" and getting nothing. Switching providers at the end of the month.', {
        author: { handle: 'u/dev_null', reach: 210, isBrand: false },
        url: 'https://www.reddit.com/r/uknetworks/comments/abc123/',
        sourceKind: 'reddit',
        analysis: negative(0.91),
        createdAt: at(12),
      }),
      aMention('s4', 'Anyone else with no signal in Leeds since this morning? Acme status page says everything is fine.', {
        author: { handle: '@leeds_lad', displayName: 'Sam', reach: 18_200, isBrand: false },
        analysis: negative(0.71),
        createdAt: at(0),
      }),
      aMention('s5', 'Still nothing from @acme. 3 hours without mobile data and I work from my phone.', {
        author: { handle: '@priya.bsky.social', displayName: 'Priya', reach: 1_150, isBrand: false },
        url: 'https://bsky.app/profile/priya.bsky.social/post/3k',
        sourceKind: 'bluesky',
        analysis: negative(0.88),
        createdAt: at(55),
      }),
    ];
    const render = (mentions: Mention[]) =>
      renderEscalationEmail({
        // Opened at SEV2, raised to SEV1 half an hour later: the email says why at the top.
        incident: anIncident('inc-2025-03-03-acme-outage', {
          reason: '12 negative mentions in 1 h, baseline 2 ± 1 (10σ; same hour over 20 past windows; min 8) [theme outage]',
          timeline: [
            { at: '2025-03-03T10:00:00.000Z', type: 'opened', actor: 'crisis-desk' },
            {
              at: '2025-03-03T10:30:00.000Z',
              type: 'severity-raised',
              actor: 'crisis-desk',
              detail: 'SEV2 → SEV1: 46 negative mentions in 1 h, baseline 2 ± 1 (44σ; same hour over 20 past windows; min 8); negative mention by @technews_daily with reach 2,400,000 (≥ 100,000) [theme outage]',
            },
          ],
        }),
        brand,
        mentions,
        level: 1,
        recipient: RECIPIENT,
        links: buildActionLinks(server.url, signer, 'inc-2025-03-03-acme-outage', RECIPIENT.email, clock.now()) satisfies ActionLinks,
        sender: actionConfig.sender,
        timeZone: actionConfig.timeZone,
      });
    const page = await browser.newPage({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 1 });
    const scripts: string[] = [];
    page.on('dialog', (d) => {
      scripts.push(d.message());
      void d.dismiss();
    });
    // Hostile text first: it shows as text, runs nothing, and does not push the layout sideways on a phone.
    await page.setContent(render([...shown, aMention('h1', `${SCRIPT} ${LONG_WORD}`, { analysis: negative(0.99) })]).html, { waitUntil: 'load' });
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.getByText(SCRIPT, { exact: false }).count()).toBe(1);
    expect(scripts).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await fitsThePhone(page)).toBe(true);

    await page.setViewportSize({ width: 720, height: 900 });
    await page.setContent(render(shown).html, { waitUntil: 'load' });
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.close();
  });
});
