import { describe, expect, it } from 'vitest';
import { detect, type DetectionDecision } from '../../../lambdas/core/detection/detector.ts';
import { brand, config, hourly, incident, mention, wobble } from './series.ts';

const NOW = new Date('2025-03-10T12:50:00.000Z');
/** The current window with 15-minute buckets and a 60-minute window: 12:00 to 13:00. */
const WINDOW = '2025-03-10T12:00:00.000Z';
const WEEK_AGO = '2025-03-03T12:00:00.000Z';
const END = '2025-03-10T13:00:00.000Z';

const flat = (d: Date) => 3 + wobble(d, 4); // 3..6 negative Mentions an hour
const opened = (ds: DetectionDecision[]) => ds.filter((d) => d.kind === 'open');

function run(history: ReturnType<typeof hourly>, recent = [mention()], open = [] as ReturnType<typeof incident>[], now = NOW) {
  return detect({ brand, config, now, history, recent, open });
}

describe('Function: detect', () => {
  describe('spike against the baseline', () => {
    it('stays quiet on a flat baseline', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 6)];
      expect(run(history)).toEqual([]);
    });

    it('opens an Incident on a spike, with the numbers in the reason', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 46)];
      const recent = [mention(), mention(), mention({ analysis: { theme: 'other' } })];
      const [d] = opened(run(history, recent));

      expect(d).toMatchObject({ kind: 'open', theme: 'outage', stats: { trigger: 'spike', windowNegative: 46 } });
      expect(d!.kind === 'open' && d!.reason).toMatch(/^46 negative mentions in 1 h, baseline \d(\.\d)? ± \d(\.\d)? \(\d+(\.\d)?σ; same hour/);
      // Unclassified complaints during the spike are part of it.
      expect(d!.kind === 'open' && d!.triggerMentionIds).toEqual(recent.map((m) => m.id));
      // 46 against ~4.5 ± 2.1 is far beyond 4× the 3σ threshold.
      expect(d!.kind === 'open' && d!.severity).toBe('SEV1');
    });

    it('stays quiet through two ordinary days of Poisson noise on a diurnal rate', () => {
      let seed = 1;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      const poisson = (mean: number) => {
        let k = 0;
        for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
        return k;
      };
      const rate = (d: Date) => (d.getUTCHours() >= 8 && d.getUTCHours() < 22 ? 6 : 1.5);
      const history = hourly('2025-03-01T00:00:00.000Z', '2025-03-11T00:00:00.000Z', (d) => poisson(rate(d)));
      const alarms: string[] = [];
      // Every 15 minutes, as a scheduled fetch would run detection.
      for (let q = 0; q < 48 * 4; q++) {
        const now = new Date(Date.parse('2025-03-09T00:05:00.000Z') + q * 900_000);
        const visible = history.filter((b) => Date.parse(b.bucketStart) < now.getTime());
        for (const d of opened(run(visible, [mention({ createdAt: now.toISOString() })], [], now))) alarms.push(`${now.toISOString()} ${d.kind === 'open' && d.reason}`);
      }
      expect(alarms).toEqual([]);
    });

    it('does not page for a count under the minimum however quiet the brand', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, () => 0, { totalPerHour: 2 }), ...hourly(WINDOW, END, () => 7)];
      expect(opened(run(history))).toEqual([]);
    });

    it('stays quiet on a slow rise over the week', () => {
      const start = Date.parse(WEEK_AGO);
      const rising = (d: Date) => Math.round(4 + (6 * (d.getTime() - start)) / (7 * 24 * 3_600_000));
      const history = [...hourly(WEEK_AGO, WINDOW, rising), ...hourly(WINDOW, END, () => 11)];
      expect(opened(run(history))).toEqual([]);
    });

    it('judges a busy hour against the same hour on past days (diurnal pattern)', () => {
      const diurnal = (d: Date) => (d.getUTCHours() >= 9 && d.getUTCHours() < 18 ? 30 + wobble(d, 5) : 2);
      // Midday: 34 is an ordinary lunchtime, though far above the all-hours median of 2.
      const day = [...hourly(WEEK_AGO, WINDOW, diurnal), ...hourly(WINDOW, END, () => 34)];
      expect(opened(run(day))).toEqual([]);

      // 03:00: 14 is a spike against the usual 2 at that hour.
      const nightNow = new Date('2025-03-10T03:50:00.000Z');
      const night = [...hourly('2025-03-03T03:00:00.000Z', '2025-03-10T03:00:00.000Z', diurnal), ...hourly('2025-03-10T03:00:00.000Z', '2025-03-10T04:00:00.000Z', () => 14)];
      const [d] = opened(run(night, [mention({ createdAt: '2025-03-10T03:40:00.000Z' })], [], nightNow));
      expect(d).toMatchObject({ stats: { trigger: 'spike', baseline: { mode: 'same-hour', center: 2 } } });
    });

    it('falls back to the absolute threshold during warm-up, and says so', () => {
      const young = hourly('2025-03-10T07:00:00.000Z', WINDOW, () => 2);
      expect(opened(run([...young, ...hourly(WINDOW, END, () => 10)]))).toEqual([]);

      const [d] = opened(run([...young, ...hourly(WINDOW, END, () => 16)]));
      expect(d).toMatchObject({ stats: { trigger: 'warm-up', warmupThreshold: 15 } });
      expect(d!.kind === 'open' && d!.reason).toContain('16 negative mentions in 1 h, warm-up (5 h of history < 24 h): absolute threshold 15');
    });

    it('dates the Incident from the first bucket of the rise', () => {
      const history = [
        ...hourly(WEEK_AGO, WINDOW, flat),
        ...hourly(WINDOW, '2025-03-10T12:30:00.000Z', () => 4),
        ...hourly('2025-03-10T12:30:00.000Z', END, () => 60),
      ].filter((b) => b.bucketStart < END);
      const [d] = opened(run(history, [mention({ createdAt: '2025-03-10T12:48:00.000Z' })]));
      expect(d!.kind === 'open' && d!.firstMentionAt).toBe('2025-03-10T12:30:00.000Z');
    });
  });

  describe('single Mention triggers', () => {
    const quiet = () => [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 4)];

    it('opens an Incident for one negative Mention with very large reach', () => {
      const big = mention({ reach: 2_400_000, author: { handle: 'megastar', reach: 2_400_000, isBrand: false }, analysis: { theme: 'delivery' } });
      const [d] = opened(run(quiet(), [big, mention({ analysis: { theme: 'delivery' } })]));

      expect(d).toMatchObject({ kind: 'open', theme: 'delivery', stats: { trigger: 'high-reach', maxReach: 2_400_000 } });
      expect(d!.kind === 'open' && d!.reason).toContain('negative mention by @megastar with reach 2,400,000 (≥ 100,000)');
      expect(d!.kind === 'open' && d!.triggerMentionIds[0]).toBe(big.id);
      // Ten times the high-reach threshold is SEV2 on its own.
      expect(d!.kind === 'open' && d!.severity).toBe('SEV2');
    });

    it('does not page for an old high-reach or risky post (a new source\'s first page, a catch-up)', () => {
      const old = '2025-03-08T09:00:00.000Z'; // two days before NOW
      const big = mention({ createdAt: old, author: { handle: 'megastar', reach: 2_400_000, isBrand: false }, analysis: { theme: 'delivery' } });
      const sick = mention({ createdAt: old, text: 'food poisoning from the wrap', analysis: { theme: 'safety', risks: ['safety:food poisoning'] } });
      expect(opened(run(quiet(), [big, sick]))).toEqual([]);
    });

    it('ignores a high-reach Mention that is not negative', () => {
      const fan = mention({ author: { handle: 'fan', reach: 900_000, isBrand: false }, analysis: { sentiment: 'POSITIVE', complaint: false } });
      expect(opened(run(quiet(), [fan]))).toEqual([]);
    });

    it('opens an Incident for one Mention with a risk term', () => {
      const sick = mention({ text: 'food poisoning from the wrap', analysis: { theme: 'safety', risks: ['safety:food poisoning'] } });
      const [d] = opened(run(quiet(), [sick]));

      expect(d).toMatchObject({ kind: 'open', theme: 'safety', severity: 'SEV2', stats: { trigger: 'risk', risks: ['safety:food poisoning'] } });
      expect(d!.kind === 'open' && d!.reason).toContain('risk terms in 1 mention: safety:food poisoning');
    });

    it("ignores the brand's own posts", () => {
      const own = mention({ author: { handle: 'acme', reach: 5_000_000, isBrand: true }, analysis: { risks: ['legal:lawsuit'] } });
      expect(opened(run(quiet(), [own]))).toEqual([]);
    });

    it("groups negative replies to the brand's own post under brand-post", () => {
      const post = mention({ nativeId: 'p1', author: { handle: 'acme', reach: 50_000, isBrand: true }, analysis: { sentiment: 'NEUTRAL', complaint: false } });
      const reply = mention({ inReplyTo: 'p1', author: { handle: 'critic', reach: 300_000, isBrand: false }, analysis: { theme: 'other' } });
      expect(opened(run(quiet(), [post, reply]))[0]).toMatchObject({ theme: 'brand-post' });
    });
  });

  describe('grouping and severity', () => {
    it('attaches Mentions to the open Incident of their theme instead of opening another', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 46)];
      const open = [incident({ theme: 'outage', severity: 'SEV1' })];
      const recent = [mention(), mention(), mention({ analysis: { theme: 'billing' } })];
      const decisions = run(history, recent, open);

      expect(opened(decisions)).toEqual([]);
      expect(decisions).toEqual([{ kind: 'attach', incidentId: 'acme-outage-1', mentionIds: [recent[0]!.id, recent[1]!.id] }]);
    });

    it('opens a second Incident for a different theme with its own trigger', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 4)];
      const open = [incident({ theme: 'outage' })];
      const legal = mention({ analysis: { theme: 'legal', risks: ['legal:class action'] } });
      const decisions = run(history, [mention(), legal], open);

      expect(decisions.map((d) => d.kind).sort()).toEqual(['attach', 'open']);
      expect(opened(decisions)[0]).toMatchObject({ theme: 'legal', severity: 'SEV3' });
    });

    it('raises the severity of an open Incident when the evidence grows', () => {
      const open = [incident({ theme: 'outage', severity: 'SEV3' })];
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 60)];
      const [d] = run(history, [mention()], open);

      expect(d).toMatchObject({ kind: 'attach', incidentId: 'acme-outage-1', raiseTo: 'SEV1' });
      expect(d!.kind === 'attach' && d!.reason).toMatch(/^60 negative mentions in 1 h, baseline/);
    });

    it('never lowers the severity of an open Incident', () => {
      const open = [incident({ theme: 'outage', severity: 'SEV1' })];
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 5)];
      expect(run(history, [mention()], open)).toEqual([{ kind: 'attach', incidentId: 'acme-outage-1', mentionIds: [expect.any(String)] }]);
    });
  });

  describe('silent sources', () => {
    it('warns when a usually busy source has gone silent', () => {
      const busy = hourly(WEEK_AGO, '2025-03-10T10:00:00.000Z', () => 2, { sourceId: 'rss-blog', totalPerHour: 24 });
      const other = hourly(WEEK_AGO, END, () => 2, { sourceId: 'x-main', totalPerHour: 8 });
      const decisions = run([...busy, ...other]);

      expect(decisions).toEqual([
        { kind: 'warn-silence', sourceId: 'rss-blog', reason: expect.stringMatching(/^source rss-blog: 0 mentions in 2 h, usually 48 ± \d+/) },
      ]);
    });
  });
});
