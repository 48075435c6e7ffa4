import { describe, expect, it } from 'vitest';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';

describe('Class: LexiconAnalyzer', () => {
  const lexicon = new LexiconAnalyzer();
  const analyzer = { analyze: (texts: string[]) => lexicon.analyze(texts.map((text) => ({ text }))) };

  describe('Method: analyze', () => {
    it('returns one Analysis per text, in order, in the port shape', async () => {
      const results = await analyzer.analyze([
        'Absolutely love the new store, staff were brilliant',
        'I have been on hold for 40 minutes @acme',
        'The store opens at nine on Saturdays',
      ]);

      expect(results.map((r) => r?.sentiment)).toEqual(['POSITIVE', 'NEGATIVE', 'NEUTRAL']);
      for (const r of results) {
        expect(r).toMatchObject({ analyzer: 'lexicon', complaint: expect.any(Boolean), signals: expect.any(Array), risks: expect.any(Array), theme: expect.any(String) });
        const s = r!.scores;
        expect(s.positive + s.negative + s.neutral + s.mixed).toBeCloseTo(1, 2);
      }
    });

    it('catches the complaints plain VADER scores neutral or positive', async () => {
      const [hold, sarcasm, polite] = await analyzer.analyze([
        'on hold for 40 minutes',
        'thanks for nothing @acme',
        '@acme hi, my refund was promised 6 weeks ago and I have still not received it. Any update?',
      ]);
      expect([hold?.complaint, sarcasm?.complaint, polite?.complaint]).toEqual([true, true, true]);
      expect(sarcasm?.signals).toContain('sarcastic-thanks:thanks for nothing');
      expect(polite?.theme).toBe('billing');
    });

    it('marks a text in a language it cannot read instead of scoring it, given or detected', async () => {
      const [arabic, spanish, given, english, short] = await lexicon.analyze([
        { text: '@acme الخدمة مقرفة في كل الفروع' },
        { text: 'El servicio es un desastre, llevo dos horas esperando mi pedido y nadie responde' },
        { text: 'service nul, toujours en attente', language: 'fr' },
        { text: "@acme I have been on hold for an hour and nobody answers, what's going on" },
        { text: 'still waiting @acme' },
      ]);
      for (const [r, language] of [[arabic, 'ar'], [spanish, 'es'], [given, 'fr']] as const) {
        expect(r).toMatchObject({ language, sentiment: 'NEUTRAL', complaint: false, risks: [], unsupported: 'language not supported locally' });
        expect(r!.signals).toEqual([`language-unsupported:${language}`]);
      }
      expect(english).toMatchObject({ language: 'en', sentiment: 'NEGATIVE', complaint: true });
      // Too short to tell: read as English rather than set aside.
      expect(short).toMatchObject({ complaint: true });
      expect(short!.unsupported).toBeUndefined();
    });

    it('flags risk terms and files the Mention under the risk theme', async () => {
      const [r] = await analyzer.analyze(['Got food poisoning from your chicken burger, spent the night in A&E']);
      expect(r).toMatchObject({ sentiment: 'NEGATIVE', complaint: true, theme: 'safety' });
      expect(r?.risks).toContain('safety:food poisoning');
    });

    it('handles empty and emoji-only texts', async () => {
      const [empty, emoji] = await analyzer.analyze(['', '😡😡😡']);
      expect(empty?.sentiment).toBe('NEUTRAL');
      expect(emoji?.signals[0]).toMatch(/^frustration:/);
    });
  });
});
