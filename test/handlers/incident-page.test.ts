import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DetectionSchema, EscalationPolicySchema } from '../../lambdas/core/config.ts';
import { buildViewLink, createLinkSigner } from '../../lambdas/core/links.ts';
import { SECURITY_HEADERS } from '../../lambdas/core/pages/security-headers.ts';
import { createIncidentPageHandler } from '../../lambdas/handlers/incident-page.ts';
import { actionConfig, anIncident } from '../helpers/incident-data.ts';
import { RecordingLogger } from '../helpers/recording.ts';

const NOW = new Date('2025-03-03T10:20:00.000Z');
const signer = createLinkSigner('handler-page-secret-0123456789');
const config = {
  ...actionConfig,
  escalationPolicies: [EscalationPolicySchema.parse({ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['ann'], timeoutMinutes: 15 }] })],
  detection: DetectionSchema.parse({}),
};
const handler = createIncidentPageHandler({
  signer: async () => signer,
  incidents: { get: async (id) => (id === 'inc-1' ? anIncident('inc-1') : undefined) },
  mentions: { listByIncident: async () => [] },
  counters: { range: async () => [] },
  clock: { now: () => NOW },
  logger: new RecordingLogger(),
  config,
});

const event = (method: string, query: string): LambdaFunctionURLEvent =>
  ({
    version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: query, headers: { host: 'page.lambda-url.eu-west-1.on.aws' }, isBase64Encoded: false,
    requestContext: { accountId: 'anonymous', apiId: 'page', domainName: 'page.lambda-url.eu-west-1.on.aws', domainPrefix: 'page', http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 't' }, requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 },
  }) as LambdaFunctionURLEvent;

describe('Handler: incident-page (function URL)', () => {
  const query = new URL(buildViewLink('https://page.lambda-url.eu-west-1.on.aws/', signer, 'inc-1', 'ann@acme.test', NOW)).search.slice(1);

  it('answers a view link with the page and the security headers (no script, no framing, no cache, no referrer)', async () => {
    const res = await handler(event('GET', query));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject(SECURITY_HEADERS);
    expect(res.body).toContain('Acme Mobile: outage incident');
  });

  it('answers HEAD without a body and POST with 405', async () => {
    expect(await handler(event('HEAD', query))).toMatchObject({ statusCode: 200, body: '' });
    const post = await handler(event('POST', query));
    expect(post.statusCode).toBe(405);
    expect(post.headers).toMatchObject({ allow: 'GET', 'cache-control': 'no-store' });
  });

  it('answers a missing link with 400 and nothing of any incident', async () => {
    const res = await handler(event('GET', ''));
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('outage');
  });
});
