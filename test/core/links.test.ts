import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidLinkError,
  LINK_VALIDITY_MS,
  buildActionLinks,
  buildViewLink,
  createLinkSigner,
  deriveNonce,
  type LinkClaims,
} from '../../lambdas/core/links.ts';

const SECRET = 'test-secret-0123456789abcdef0123456789';
const NOW = new Date('2025-03-03T10:00:00.000Z');
const claims: LinkClaims = {
  incidentId: 'inc-1',
  action: 'acknowledge',
  recipient: 'ann@acme.test',
  expiresAt: '2025-03-10T10:00:00.000Z',
  nonce: 'n-1',
};

const rejection = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidLinkError) return err.reason;
    throw err;
  }
  return undefined;
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('Function: createLinkSigner', () => {
  const signer = createLinkSigner(SECRET);

  describe('Method: verify', () => {
    it('returns the claims of a token it signed', () => {
      expect(signer.verify(signer.sign(claims), NOW)).toEqual(claims);
    });

    it('refuses a token signed with another secret as forged', () => {
      const other = createLinkSigner('another-secret-0123456789abcdef');
      expect(rejection(() => signer.verify(other.sign(claims), NOW))).toBe('forged');
    });

    it.each([
      ['the incident', { incidentId: 'inc-2' }],
      ['the action', { action: 'resolve' }],
      ['the recipient', { recipient: 'eve@evil.test' }],
      ['the expiry', { expiresAt: '2030-01-01T00:00:00.000Z' }],
    ])('refuses a token whose payload changed %s as forged', (_what, change) => {
      const [, signature] = signer.sign(claims).split('.');
      const payload = JSON.parse(Buffer.from(signer.sign(claims).split('.')[0]!, 'base64url').toString());
      const key = { incidentId: 'i', action: 'a', recipient: 'r', expiresAt: 'e' }[Object.keys(change)[0] as 'incidentId'];
      payload[key] = Object.values(change)[0];
      expect(rejection(() => signer.verify(`${b64(JSON.stringify(payload))}.${signature}`, NOW))).toBe('forged');
    });

    it('refuses a truncated signature as forged', () => {
      expect(rejection(() => signer.verify(signer.sign(claims).slice(0, -4), NOW))).toBe('forged');
    });

    it('refuses an expired token, and accepts it a millisecond before', () => {
      const token = signer.sign(claims);
      expect(signer.verify(token, new Date(Date.parse(claims.expiresAt) - 1))).toEqual(claims);
      expect(rejection(() => signer.verify(token, new Date(claims.expiresAt)))).toBe('expired');
    });

    it('checks the signature before the expiry, so a forged token is never reported as merely expired', () => {
      const forged = createLinkSigner('another-secret-0123456789abcdef').sign({ ...claims, expiresAt: '2000-01-01T00:00:00.000Z' });
      expect(rejection(() => signer.verify(forged, NOW))).toBe('forged');
    });

    it.each([
      ['empty', ''],
      ['no dot', 'abc'],
      ['three parts', 'a.b.c'],
      ['not base64url', 'a+b/c.d=e'],
      ['too long', `${'a'.repeat(3000)}.b`],
    ])('refuses a %s token as malformed', (_what, token) => {
      expect(rejection(() => signer.verify(token, NOW))).toBe('malformed');
    });

    it('refuses a correctly signed payload of an unknown shape as malformed', () => {
      // Signed with the right secret but not a link: shows the shape check is not skipped.
      const payload = b64(JSON.stringify({ v: 1, i: 'inc-1', a: 'delete', r: 'x', e: '2030-01-01T00:00:00Z', n: 'n' }));
      const sig = createHmac('sha256', SECRET).update(payload).digest('base64url');
      expect(rejection(() => signer.verify(`${payload}.${sig}`, NOW))).toBe('malformed');
    });
  });

  it('refuses a short secret', () => {
    expect(() => createLinkSigner('short')).toThrow(/at least 16/);
  });

  it('names its error class', () => {
    expect(rejection(() => signer.verify('x', NOW))).toBe('malformed');
    expect(new InvalidLinkError('forged', 'x').name).toBe('InvalidLinkError');
  });
});

describe('Function: buildActionLinks', () => {
  const signer = createLinkSigner(SECRET);
  const links = buildActionLinks('http://127.0.0.1:8787/', signer, 'inc-1', 'ann@acme.test', NOW);
  const claimsOf = (url: string) => signer.verify(new URL(url).searchParams.get('t')!, NOW);

  it('builds one link per action on the base URL, each bound to the incident and recipient', () => {
    for (const action of ['acknowledge', 'resolve', 'snooze'] as const) {
      const url = new URL(links[action]);
      expect(url.origin + url.pathname).toBe('http://127.0.0.1:8787/');
      expect(claimsOf(links[action])).toMatchObject({ incidentId: 'inc-1', action, recipient: 'ann@acme.test' });
    }
  });

  it('makes the links valid for 7 days by default', () => {
    expect(Date.parse(claimsOf(links.acknowledge).expiresAt)).toBe(NOW.getTime() + LINK_VALIDITY_MS);
    const short = buildActionLinks('https://x.lambda-url.eu-west-1.on.aws/', signer, 'inc-1', 'a@b.c', NOW, { validityMs: 60_000 });
    expect(claimsOf(short.resolve).expiresAt).toBe('2025-03-03T10:01:00.000Z');
  });

  it('gives each action its own nonce, deterministic for the same inputs and different for a later email', () => {
    const nonces = Object.values(links).map((l) => claimsOf(l).nonce);
    expect(new Set(nonces).size).toBe(3);
    expect(buildActionLinks('http://127.0.0.1:8787/', signer, 'inc-1', 'ann@acme.test', NOW)).toEqual(links);
    const later = buildActionLinks('http://127.0.0.1:8787/', signer, 'inc-1', 'ann@acme.test', new Date(NOW.getTime() + 1));
    expect(claimsOf(later.acknowledge).nonce).not.toBe(claimsOf(links.acknowledge).nonce);
    expect(claimsOf(links.acknowledge).nonce).toBe(deriveNonce('inc-1', 'acknowledge', 'ann@acme.test', NOW));
  });

  it('uses a given nonce', () => {
    const given = buildActionLinks('http://127.0.0.1:8787/', signer, 'inc-1', 'ann@acme.test', NOW, { nonce: 'r4nd0m' });
    expect(claimsOf(given.snooze).nonce).toBe('r4nd0m-s');
  });
});

describe('Function: buildViewLink', () => {
  const signer = createLinkSigner(SECRET);
  const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

  it('signs a read-only link for the Incident and the recipient, valid 30 days by default, naming the action endpoint', () => {
    const url = buildViewLink('https://page.example/', signer, 'inc-1', 'ann@acme.test', NOW, { actionsUrl: 'https://act.example/' });
    expect(new URL(url).origin).toBe('https://page.example');
    expect(signer.verify(tokenOf(url), NOW)).toEqual({
      incidentId: 'inc-1',
      action: 'view',
      recipient: 'ann@acme.test',
      expiresAt: new Date(NOW.getTime() + 30 * 86_400_000).toISOString(),
      nonce: deriveNonce('inc-1', 'view', 'ann@acme.test', NOW),
      actionsUrl: 'https://act.example/',
    });
    const week = buildViewLink('https://page.example/', signer, 'inc-1', 'ann@acme.test', NOW, { linkDays: 7 });
    expect(rejection(() => signer.verify(tokenOf(week), new Date(NOW.getTime() + 7 * 86_400_000)))).toBe('expired');
    expect(signer.verify(tokenOf(week), new Date(NOW.getTime() + 6 * 86_400_000))).not.toHaveProperty('actionsUrl');
  });

  it('refuses a view link whose action endpoint was changed, and an endpoint on an action link or not http(s)', () => {
    const url = buildViewLink('https://page.example/', signer, 'inc-1', 'ann@acme.test', NOW, { actionsUrl: 'https://act.example/' });
    const [payload, mac] = tokenOf(url).split('.');
    const moved = b64(Buffer.from(payload!, 'base64url').toString('utf8').replace('act.example', 'evil.example'));
    expect(rejection(() => signer.verify(`${moved}.${mac}`, NOW))).toBe('forged');
    const sign = (wire: object) => {
      const p = b64(JSON.stringify(wire));
      return `${p}.${createHmac('sha256', SECRET).update(p).digest('base64url')}`;
    };
    const wire = { v: 1, i: 'inc-1', r: 'ann@acme.test', e: '2099-01-01T00:00:00.000Z', n: 'n' };
    expect(rejection(() => signer.verify(sign({ ...wire, a: 'acknowledge', u: 'https://act.example/' }), NOW))).toBe('malformed');
    expect(rejection(() => signer.verify(sign({ ...wire, a: 'view', u: 'javascript:alert(1)' }), NOW))).toBe('malformed');
    expect(signer.verify(sign({ ...wire, a: 'view' }), NOW)).toMatchObject({ action: 'view' });
  });
});
