/** Properties that must hold for any input (fast-check): the text normalisers, the limits, the link tokens. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinkSigner, InvalidLinkError, LINK_ACTIONS, type LinkClaims } from '../../lambdas/core/links.ts';
import { fitMention, MAX_TEXT_BYTES } from '../../lambdas/core/mention-limits.ts';
import { stripInvisible, truncateUtf8 } from '../../lambdas/core/text.ts';
import { htmlToPlainText } from '../../lambdas/sources/html-text.ts';
import { decodeEntities, joinTitleAndBody, tidy } from '../../lambdas/sources/text.ts';

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('<p>a &amp; b</p>', '\u200B\u00AD', 'e\u0301\u0301', '👨‍👩‍👧', '\r\n\r\n\r\n'));
const RUNS = { numRuns: 300, seed: 42 };

describe('Properties: the text normalisers', () => {
  it('never throw, and give tidy text: no CR, no run of blank lines, no edge whitespace', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        for (const out of [htmlToPlainText(a), decodeEntities(a), tidy(a), joinTitleAndBody(tidy(a), tidy(b))]) {
          expect(out).not.toMatch(/\r|\n{3,}/);
          expect(out).toBe(out.trim());
        }
        expect(tidy(tidy(a))).toBe(tidy(a));
      }),
      RUNS,
    );
  });

  it('strip invisible characters idempotently, never lengthening a text', () => {
    fc.assert(
      fc.property(text, (a) => {
        const once = stripInvisible(a);
        expect(stripInvisible(once)).toBe(once);
        expect(once.length).toBeLessThanOrEqual(a.length);
        expect(once).not.toMatch(/[\u200B\u200C\u00AD\u2060\uFEFF]/);
      }),
      RUNS,
    );
  });

  it('cut to a byte limit: a prefix, within the limit, never empty when anything fits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 4, max: 400 }), (a, max) => {
        const cut = truncateUtf8(a, max);
        expect(a.startsWith(cut)).toBe(true);
        expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
        if (a.length > 0) expect(cut.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('make every fetched item fit a Mention, or skip it for an empty text or an overlong id', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ minLength: 17_000, maxLength: 20_000 })), fc.string({ maxLength: 1_200 }), (t, id) => {
        const fit = fitMention({ sourceId: 's', sourceKind: 'import', nativeId: id, url: 'https://e.example/', author: { handle: 'h', reach: 0, isBrand: false }, text: t, createdAt: '2026-11-23T00:00:00Z', engagement: { likes: 0, replies: 0, reposts: 0 } });
        if (!fit.ok) {
          expect(['empty-text', 'id-too-long']).toContain(fit.reason);
        } else {
          expect(fit.mention.text.trim().length).toBeGreaterThan(0);
          expect(Buffer.byteLength(fit.mention.text)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
        }
      }),
      { numRuns: 40, seed: 42 },
    );
  }, 120_000);
});

describe('Properties: the link tokens', () => {
  const signer = createLinkSigner('property-test-link-key-0123456789');
  const other = createLinkSigner('another-install-link-key-0123456789');
  const claims: fc.Arbitrary<LinkClaims> = fc.record({
    incidentId: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    action: fc.constantFrom(...LINK_ACTIONS),
    recipient: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    expiresAt: fc.constant('2030-01-01T00:00:00.000Z'),
    nonce: fc.string({ minLength: 1, maxLength: 20 }),
  });
  const now = new Date('2026-11-23T12:00:00Z');

  it('verify what they sign, exactly', () => {
    fc.assert(
      fc.property(claims, (c) => {
        expect(signer.verify(signer.sign(c), now)).toEqual(c);
      }),
      RUNS,
    );
  });

  it('refuse any change to a token, and a token of another key', () => {
    fc.assert(
      fc.property(claims, fc.nat(), fc.constantFrom('A', 'b', '-', '_', '.', '='), (c, at, ch) => {
        const token = signer.sign(c);
        const i = at % token.length;
        const changed = token.slice(0, i) + (token[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + token.slice(i + 1);
        expect(() => signer.verify(changed, now)).toThrow(InvalidLinkError);
        expect(() => other.verify(token, now)).toThrow(InvalidLinkError);
      }),
      RUNS,
    );
  });
});
