import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoIncidentStore } from '../../lambdas/adapters/dynamo-incident-store.ts';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import { buildActionLinks, createLinkSigner, type ActionLinks } from '../../lambdas/core/links.ts';
import { createIncidentActionHandler, SECURITY_HEADERS } from '../../lambdas/handlers/incident-action.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { actionConfig, anIncident } from '../helpers/incident-data.ts';
import { RecordingFlowCallback, RecordingLogger, RecordingMailer } from '../helpers/recording.ts';

const NOW = new Date('2025-03-03T10:07:00.000Z');
const BASE = 'https://abc.lambda-url.eu-west-1.on.aws/';

/** A function URL event as AWS sends it. */
function event(method: string, query: string, body?: { text: string; base64?: boolean; type?: string }, headers: Record<string, string> = {}): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: query,
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', ...(body && { 'content-type': body.type ?? 'application/x-www-form-urlencoded' }), ...headers },
    requestContext: {
      accountId: 'anonymous', apiId: 'abc', domainName: 'abc.lambda-url.eu-west-1.on.aws', domainPrefix: 'abc',
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
    },
    isBase64Encoded: Boolean(body?.base64),
    ...(body && { body: body.base64 ? Buffer.from(body.text).toString('base64') : body.text }),
  };
}

describe('Handler: incident-action (function URL)', () => {
  let dynamo: EmbeddedDynamo;
  let incidents: DynamoIncidentStore;
  let handler: ReturnType<typeof createIncidentActionHandler>;
  let links: ActionLinks;
  let seq = 0;
  let id: string;
  const signer = createLinkSigner('handler-test-secret-0123456789');
  const token = (url: string) => new URL(url).searchParams.get('t')!;
  const query = (url: string) => new URL(url).search.slice(1);

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    incidents = createDynamoStores(dynamo.client, dynamo.tableNames).incidents;
  });
  afterAll(async () => dynamo?.stop());

  beforeEach(async () => {
    const clock = { now: () => NOW };
    const logger = new RecordingLogger();
    const actions = createIncidentActions({ incidents, callbacks: new RecordingFlowCallback(), mailer: new RecordingMailer(), clock, logger, config: actionConfig });
    handler = createIncidentActionHandler({ signer: async () => signer, incidents, actions, clock, logger, config: actionConfig });
    id = `inc-h${++seq}`;
    await incidents.create(anIncident(id));
    links = buildActionLinks(BASE, signer, id, 'ann@acme.test', NOW);
  });

  it.each(['acknowledge', 'resolve', 'snooze'] as const)('GET %s shows a page with a POST form and changes nothing', async (action) => {
    const res = await handler(event('GET', query(links[action])));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<form method="post"/);
    expect(res.headers).toMatchObject(SECURITY_HEADERS);
    expect((await incidents.get(id))!.version).toBe(3);
  });

  it('POST with a base64-encoded urlencoded body acknowledges with the note', async () => {
    const body = new URLSearchParams({ t: token(links.acknowledge), note: 'Ça marche 👍 & <b>ok</b>' }).toString();
    const res = await handler(event('POST', '', { text: body, base64: true }));
    expect(res.statusCode).toBe(200);
    expect((await incidents.get(id))!).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ann@acme.test' });
    expect((await incidents.get(id))!.timeline.at(-1)!.detail).toBe('Ça marche 👍 & <b>ok</b>');
  });

  it('POST snooze sets the snooze one hour from now', async () => {
    const res = await handler(event('POST', query(links.snooze), { text: '' }));
    expect(res.statusCode).toBe(200);
    expect((await incidents.get(id))!.snoozedUntil).toBe('2025-03-03T11:07:00.000Z');
    expect(res.body).toContain('Snoozed until Mon, 3 Mar 2025, 11:07 GMT.');
  });

  it('re-renders the resolve form with the error and 400 when the root cause is missing, keeping what was typed', async () => {
    const form = new URLSearchParams([['t', token(links.resolve)], ['rootCause', ''], ['trigger', '<script>x</script>'], ['item_text', 'a'], ['item_owner', ''], ['item_due', ''], ['intent', 'resolve']]);
    const res = await handler(event('POST', '', { text: form.toString() }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('say what caused it');
    expect(res.body).toContain('name who owns it');
    expect(res.body).toContain('&lt;script&gt;x&lt;/script&gt;</textarea>');
    expect((await incidents.get(id))!.status).toBe('open');
  });

  it('adds a resolve form row on "add-row" without acting, up to 50 rows', async () => {
    const form = new URLSearchParams([['t', token(links.resolve)], ['rootCause', 'x'], ['rows', '3'], ['intent', 'add-row']]);
    const res = await handler(event('POST', '', { text: form.toString() }));
    expect(res.body!.match(/name="item_text"/g)).toHaveLength(4);
    const many = new URLSearchParams([['t', token(links.resolve)], ['rows', '9999'], ['intent', 'add-row']]);
    expect((await handler(event('POST', '', { text: many.toString() }))).body!.match(/name="item_text"/g)).toHaveLength(50);
    expect((await incidents.get(id))!.status).toBe('open');
  });

  it.each([
    ['a tampered token', (t: string) => `${t}x`, 403],
    ['no token', () => '', 400],
  ])('refuses %s', async (_what, mangle, status) => {
    const res = await handler(event('GET', `t=${encodeURIComponent(mangle(token(links.acknowledge)))}`));
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('refuses a genuine link for someone the Incident never paged, with 403, and changes nothing', async () => {
    const stranger = buildActionLinks(BASE, signer, id, 'mallory@acme.test', NOW);
    const res = await handler(event('POST', '', { text: `t=${token(stranger.acknowledge)}` }));
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('was not sent to you');
    expect((await incidents.get(id))!.status).toBe('open');
  });

  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['a sandboxed frame (Origin: null, Sec-Fetch-Site: cross-site)', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://other.lambda-url.eu-west-1.on.aws' }],
  ])('refuses a cross-site POST (%s) with 403, and changes nothing', async (_name, headers) => {
    const res = await handler(event('POST', '', { text: `t=${token(links.acknowledge)}` }, headers));
    expect(res.statusCode).toBe(403);
    expect((await incidents.get(id))!.status).toBe('open');
  });

  it('accepts a same-origin POST from the confirmation page, whose no-referrer policy makes its Origin null', async () => {
    const res = await handler(event('POST', '', { text: `t=${token(links.acknowledge)}` }, { origin: 'null', 'sec-fetch-site': 'same-origin' }));
    expect(res.statusCode).toBe(200);
    expect((await incidents.get(id))!.status).toBe('acknowledged');
  });

  it('refuses an expired link with 410', async () => {
    const old = buildActionLinks(BASE, signer, id, 'ann@acme.test', new Date(NOW.getTime() - 8 * 86_400_000));
    expect((await handler(event('GET', query(old.acknowledge)))).statusCode).toBe(410);
  });

  it('answers 404 for a genuine link to an incident that does not exist', async () => {
    const ghost = buildActionLinks(BASE, signer, 'inc-ghost', 'ann@acme.test', NOW);
    expect((await handler(event('GET', query(ghost.acknowledge)))).statusCode).toBe(404);
  });

  it('refuses a body that is not a form, or too large, and other methods', async () => {
    expect((await handler(event('POST', query(links.acknowledge), { text: '{"t":"x"}', type: 'application/json' }))).statusCode).toBe(400);
    expect((await handler(event('POST', query(links.acknowledge), { text: 'a'.repeat(70_000) }))).statusCode).toBe(400);
    const put = await handler(event('PUT', query(links.acknowledge)));
    expect(put.statusCode).toBe(405);
    expect(put.headers).toMatchObject({ allow: 'GET, POST' });
    expect((await incidents.get(id))!.version).toBe(3);
  });

  it('answers HEAD like GET with no body', async () => {
    const res = await handler(event('HEAD', query(links.acknowledge)));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});
