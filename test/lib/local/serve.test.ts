import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveActions, type ActionServer } from '../../../lib/local/serve.ts';

describe('Function: serveActions', () => {
  let server: ActionServer;
  const seen: LambdaFunctionURLEvent[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    server = await serveActions({
      port: 0,
      host: '127.0.0.1',
      maxBodyBytes: 1024,
      onError: (err) => errors.push(err),
      handler: async (event) => {
        seen.push(event);
        if (event.rawPath === '/boom') throw new Error('bug');
        return { statusCode: 418, headers: { 'x-test': 'yes', 'content-type': 'text/plain' }, body: 'hello ✓' };
      },
    });
  });
  afterAll(async () => server?.close());

  it('listens on loopback and reports the base URL to sign links with', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('turns a request into a function URL event and the result into the response', async () => {
    const res = await fetch(`${server.url}?t=abc.def&x=1&x=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'a=1; b=2' },
      body: 'note=%C3%A7a+va&t=abc.def',
    });
    expect(res.status).toBe(418);
    expect(res.headers.get('x-test')).toBe('yes');
    expect(await res.text()).toBe('hello ✓');
    const event = seen.at(-1)!;
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/',
      rawQueryString: 't=abc.def&x=1&x=2',
      queryStringParameters: { t: 'abc.def', x: '1,2' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: true,
      requestContext: { http: { method: 'POST', path: '/', sourceIp: '127.0.0.1' } },
    });
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Buffer.from(event.body!, 'base64').toString('utf8')).toBe('note=%C3%A7a+va&t=abc.def');
  });

  it('refuses a body above the limit with 413 before the handler runs', async () => {
    const before = seen.length;
    const res = await fetch(server.url, { method: 'POST', body: 'a'.repeat(2048) });
    expect(res.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('answers 500 with a generic message when the handler throws', async () => {
    const res = await fetch(`${server.url}boom`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal error\n');
    expect(String(errors.at(-1))).toBe('Error: bug');
  });
});
