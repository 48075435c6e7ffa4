import { describe, expect, it } from 'vitest';
import { detect, type DetectionDecision } from '../../../lambdas/core/detection/detector.ts';
import type { Incident } from '../../../lambdas/core/incident.ts';
import type { CounterBucket } from '../../../lambdas/core/ports.ts';
import { brand, config, hourly, incident, mention, seededPoisson, wobble } from './series.ts';

const NOW = new Date('2025-03-10T13:00:00.000Z');
/** The current window (the 60 minutes up to now): 12:00 to 13:00. */
const WINDOW = '2025-03-10T12:00:00.000Z';
const WEEK_AGO = '2025-03-03T12:00:00.000Z';
const END = '2025-03-10T13:00:00.000Z';

const flat = (d: Date) => 3 + wobble(d, 4); // 3..6 negative Mentions an hour
type Open = Extract<DetectionDecision, { kind: 'open' }>;
const opened = (ds: DetectionDecision[]) => ds.filter((d): d is Open => d.kind === 'open');
const of = <K extends DetectionDecision['kind']>(ds: DetectionDecision[], kind: K) => ds.filter((d): d is Extract<DetectionDecision, { kind: K }> => d.kind === kind);

function run(history: ReturnType<typeof hourly>, recent = [mention()], open = [] as Incident[], now = NOW, resolved: Incident[] = []) {
  return detect({ brand, config, now, history, recent, open, resolved });
}

const complaints = (over: Partial<Incident> = {}) => incident({ theme: 'outage', problem: 'complaints', fingerprint: 'acme#complaints', ...over });

describe('Function: detect', () => {
  describe('spike against the baseline', () => {
    it('stays quiet on a flat baseline', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 6)];
      expect(run(history)).toEqual([]);
    });

    it('opens an Incident on a spike, with the numbers in the reason and the figures at opening', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 46)];
      const recent = [mention(), mention(), mention({ analysis: { theme: 'other' } })];
      const [d] = opened(run(history, recent));

      expect(d).toMatchObject({
        problem: 'complaints', theme: 'outage', surgeLevel: 46,
        opening: { trigger: 'spike', rule: 'baseline', negative: 46, reach: 4_600, windowMinutes: 60, themes: { outage: 46 }, observedHours: 168 },
      });
      expect(d!.reason).toMatch(/^46 negative mentions in 1 h, baseline \d(\.\d)? ± \d(\.\d)? \(\d+(\.\d)?σ, \d+(\.\d)?× the usual; same hour/);
      // Every negative Mention of the batch belongs to the brand's one complaints Incident, whatever its theme.
      expect(d!.mentionIds).toEqual(recent.map((m) => m.id));
      // 46 against ~4.5: ten times the usual and far above it.
      expect(d!.severity).toBe('SEV1');
    });

    it('stays quiet through two ordinary days of Poisson noise on a diurnal rate', () => {
      const poisson = seededPoisson(1);
      const rate = (d: Date) => (d.getUTCHours() >= 8 && d.getUTCHours() < 22 ? 6 : 1.5);
      const history = hourly('2025-03-01T00:00:00.000Z', '2025-03-11T00:00:00.000Z', (d) => poisson(rate(d)));
      const alarms: string[] = [];
      // Every 15 minutes, as a scheduled fetch would run detection.
      for (let q = 0; q < 48 * 4; q++) {
        const now = new Date(Date.parse('2025-03-09T00:05:00.000Z') + q * 900_000);
        const visible = history.filter((b) => Date.parse(b.bucketStart) < now.getTime());
        for (const d of opened(run(visible, [mention({ createdAt: now.toISOString() })], [], now))) alarms.push(`${now.toISOString()} ${d.reason}`);
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

      // 03:00: 14 is a spike against the usual 2 at that hour, though a small one: SEV3.
      const nightNow = new Date('2025-03-10T04:00:00.000Z');
      const night = [...hourly('2025-03-03T03:00:00.000Z', '2025-03-10T03:00:00.000Z', diurnal), ...hourly('2025-03-10T03:00:00.000Z', '2025-03-10T04:00:00.000Z', () => 14)];
      const [d] = opened(run(night, [mention({ createdAt: '2025-03-10T03:40:00.000Z' })], [], nightNow));
      expect(d).toMatchObject({ severity: 'SEV3', opening: { trigger: 'spike', baseline: { center: 2 }, ratio: 7 } });
      expect(d!.reason).toContain('same hour over 20 past windows');
    });

    it('dates the Incident from the first bucket of the rise', () => {
      const history = [
        ...hourly(WEEK_AGO, WINDOW, flat),
        ...hourly(WINDOW, '2025-03-10T12:30:00.000Z', () => 4),
        ...hourly('2025-03-10T12:30:00.000Z', END, () => 60),
      ].filter((b) => b.bucketStart < END);
      const [d] = opened(run(history, [mention({ createdAt: '2025-03-10T12:48:00.000Z' })]));
      expect(d!.firstMentionAt).toBe('2025-03-10T12:30:00.000Z');
    });

    describe('a steep start (the window\'s latest earlyMinutes judged on their own)', () => {
      // A busy brand (20 to 23 negatives an hour): its usual rate until 12:30, then 26 in half an
      // hour. The hour's 36 are under its threshold against the usual ~21; the half hour is far above
      // the usual ~11 of a half hour.
      const busy = (d: Date) => 20 + wobble(d, 4);
      const steep = [
        ...hourly(WEEK_AGO, WINDOW, busy),
        ...hourly(WINDOW, END, () => 20).filter((b) => b.bucketStart < '2025-03-10T12:30:00.000Z'),
        ...hourly('2025-03-10T12:30:00.000Z', END, () => 52),
      ].filter((b) => b.bucketStart < END);
      const recent = [mention({ createdAt: '2025-03-10T12:50:00.000Z' })];

      it('opens the Incident half an hour in, with the half hour\'s numbers', () => {
        const [d] = opened(run(steep, recent));
        expect(d).toMatchObject({ severity: 'SEV3', firstMentionAt: '2025-03-10T12:30:00.000Z', opening: { trigger: 'spike', rule: 'baseline', negative: 26, windowMinutes: 30 } });
        expect(d!.reason).toMatch(/^26 negative mentions in 30 min, baseline \d+(\.\d)? ± \d(\.\d)? /);
      });

      it('waits for the whole window when earlyMinutes is 0', () => {
        expect(opened(detect({ brand, config: { ...config, earlyMinutes: 0 }, now: NOW, history: steep, recent, open: [] }))).toEqual([]);
      });

      it('needs the same minimum of negatives as the whole window', () => {
        const few = [
          ...hourly(WEEK_AGO, WINDOW, () => 0, { totalPerHour: 4 }),
          ...hourly(WINDOW, END, () => 0, { totalPerHour: 4 }),
          ...hourly('2025-03-10T12:30:00.000Z', END, () => 13),
        ].filter((b) => b.bucketStart < END);
        // 7 in the half hour over a usual 0: many σ, but fewer than minNegative (8).
        expect(opened(run(few, recent))).toEqual([]);
      });

      it('waits for the whole window in warm-up: half of an absolute threshold is crossed by chance', () => {
        const young = hourly('2025-03-10T07:00:00.000Z', '2025-03-10T12:30:00.000Z', () => 2).filter((b) => b.bucketStart < '2025-03-10T12:30:00.000Z');
        const burst = (perHour: number) => [...young, ...hourly('2025-03-10T12:30:00.000Z', END, () => perHour)].filter((b) => b.bucketStart < END);
        // 12 in the half hour, 14 in the window: under warm-up's 15, however steep.
        expect(opened(run(burst(24), recent))).toEqual([]);
        expect(opened(run(burst(32), recent))[0]).toMatchObject({ opening: { rule: 'warm-up', threshold: 15, negative: 18, windowMinutes: 60 } });
      });

      /** Each 15-minute bucket's negatives drawn from Poisson(perHour / 4), seeded. */
      function steadyDays(perHour: number, days: number, seed: number): CounterBucket[] {
        const poisson = seededPoisson(seed);
        return Array.from({ length: days * 96 }, (_, q) => {
          const negative = poisson(perHour / 4);
          const total = negative * 3 + 1;
          const byTheme: Record<string, number> = negative ? { outage: negative } : {};
          return {
            brand: 'acme', bucketStart: new Date(Date.parse('2025-03-01T00:00:00.000Z') + q * 900_000).toISOString(),
            total, negative, complaint: negative, reach: total, negativeReach: negative, bySource: { 'x-main': total }, byTheme,
          };
        });
      }

      /** Days on which detection, run every 15 minutes over the last day of the series, opened anything. */
      function daysPaged(perHour: number, historyDays: number, seeds: number[], skipHours = 0): number {
        return seeds.filter((seed) => {
          const history = steadyDays(perHour, historyDays + 1, seed);
          const from = Date.parse('2025-03-01T00:00:00.000Z') + historyDays * 86_400_000;
          for (let q = 1 + skipHours * 4; q <= 96; q++) {
            const now = new Date(from + q * 900_000);
            const visible = history.filter((b) => Date.parse(b.bucketStart) < now.getTime());
            if (opened(run(visible, [mention({ createdAt: new Date(now.getTime() - 30_000).toISOString() })], [], now)).length) return true;
          }
          return false;
        }).length;
      }

      it('pages neither a new brand nor an established one for its steady rate', () => {
        // A new brand at 6 negatives an hour on its first day: judging half hours in warm-up paged it
        // on most such days.
        expect(daysPaged(6, 0, [1, 2, 3, 4, 5])).toBe(0);
        // A new brand at 25 an hour crosses warm-up's absolute 15 in its first hours (nothing is known
        // of it yet); after them, its threshold is raised to what its observed windows held.
        expect(daysPaged(25, 0, [1, 2, 3], 2)).toBe(0);
        // A brand with a week of history at 12 and 25 an hour: half hours are judged against past half hours.
        expect(daysPaged(12, 7, [1, 2])).toBe(0);
        expect(daysPaged(25, 7, [3, 4])).toBe(0);
      }, 60_000);
    });

    it('judges every window a backlog fell into, so a late run still sees the surge at its peak', () => {
      // A connector was down: this run brings 09:00-13:00 at once; the surge peaked at 10:00 and is over now.
      const history = [
        ...hourly(WEEK_AGO, '2025-03-10T10:00:00.000Z', flat),
        ...hourly('2025-03-10T10:00:00.000Z', '2025-03-10T11:00:00.000Z', () => 50),
        ...hourly('2025-03-10T11:00:00.000Z', END, flat),
      ];
      const backlog = [mention({ createdAt: '2025-03-10T09:10:00.000Z' }), mention({ createdAt: '2025-03-10T10:20:00.000Z' }), mention()];
      expect(opened(run(history, [mention()]))).toEqual([]);
      const [d] = opened(run(history, backlog));
      expect(d).toMatchObject({ severity: 'SEV1', opening: { negative: 50 } });
    });

    it('groups a brand-wide surge spread over several themes into one Incident with a theme breakdown', () => {
      const history = [
        ...hourly(WEEK_AGO, WINDOW, flat),
        ...hourly(WINDOW, END, () => 20, { theme: 'delivery' }),
        ...hourly(WINDOW, END, () => 14, { theme: 'billing' }),
        ...hourly(WINDOW, END, () => 10, { theme: 'customer-service' }),
      ];
      const recent = ['delivery', 'billing', 'customer-service', 'outage'].map((theme) => mention({ analysis: { theme } }));
      const ds = opened(run(history, recent));
      expect(ds).toHaveLength(1);
      expect(ds[0]).toMatchObject({ theme: 'delivery', opening: { negative: 44, themes: { delivery: 20, billing: 14, 'customer-service': 10 } } });
      expect(ds[0]!.reason).toContain('[themes delivery 20, billing 14, customer-service 10]');
    });
  });

  describe('warm-up from coverage', () => {
    it('falls back to the absolute threshold while the brand was observed too little, and says so', () => {
      const young = hourly('2025-03-10T07:00:00.000Z', WINDOW, () => 2);
      expect(opened(run([...young, ...hourly(WINDOW, END, () => 10)]))).toEqual([]);

      const [d] = opened(run([...young, ...hourly(WINDOW, END, () => 16)]));
      expect(d).toMatchObject({ severity: 'SEV3', opening: { trigger: 'warm-up', rule: 'warm-up', threshold: 15, observedHours: 5, warmupHours: 24 } });
      expect(d!.reason).toContain('16 negative mentions in 1 h, warm-up (the brand was observed 5 h of the 24 h its baseline needs in the last 7 days): absolute threshold 15');
    });

    it('does not take one stray post days earlier for days of quiet history', () => {
      // One post six days ago, then first traffic from 06:00: the burst is judged in warm-up,
      // not as dozens of σ over a baseline of zeros.
      const stray = hourly('2025-03-04T09:00:00.000Z', '2025-03-04T10:00:00.000Z', () => 1);
      const first = hourly('2025-03-10T06:00:00.000Z', WINDOW, () => 3);
      const [d] = opened(run([...stray, ...first, ...hourly(WINDOW, END, () => 32)]));
      expect(d).toMatchObject({ severity: 'SEV2', opening: { rule: 'warm-up', observedHours: 7 } });
      expect(d!.reason).not.toMatch(/σ/);
    });

    it("raises warm-up's threshold to what a busy brand's observed hours show is ordinary, and says so", () => {
      // Five hours at 30 negatives an hour: 34 is twice warm-up's 15 (a SEV2 by the absolute
      // threshold alone), but an ordinary hour for this brand.
      const busy = hourly('2025-03-10T07:00:00.000Z', WINDOW, () => 30);
      expect(opened(run([...busy, ...hourly(WINDOW, END, () => 34)]))).toEqual([]);

      const [d] = opened(run([...busy, ...hourly(WINDOW, END, () => 64)]));
      expect(d).toMatchObject({ severity: 'SEV3', opening: { rule: 'warm-up', threshold: 50, negative: 64, observedHours: 5 } });
      expect(d!.reason).toContain("absolute threshold 15, raised to 50 by the brand's observed windows (30 ± 6.5)");
    });

    it('trusts the baseline once the brand was observed long enough, whatever its first post', () => {
      const history = [...hourly('2025-03-09T00:00:00.000Z', WINDOW, () => 2), ...hourly(WINDOW, END, () => 16)];
      const [d] = opened(run(history));
      expect(d).toMatchObject({ opening: { rule: 'baseline', observedHours: 36 } });
    });
  });

  describe('a surge on an open Incident', () => {
    const week = hourly(WEEK_AGO, WINDOW, flat);

    it('raises and re-notifies when the window is well above the level it opened at', () => {
      const open = complaints({ severity: 'SEV3', surgeLevel: 12 });
      const [d] = of(run([...week, ...hourly(WINDOW, END, () => 30)], [mention()], [open]), 'attach');
      expect(d).toMatchObject({ incidentId: open.id, raise: { severity: 'SEV2', surgeLevel: 30, figures: { negative: 30, windowMinutes: 60 } } });
      expect(d!.raise!.reason).toMatch(/^a new surge: 30 negative mentions in the window, 2.5× the 12 it last rose at; 30 negative mentions in 1 h, baseline/);
    });

    it('re-notifies at SEV1 with the numbers when a bigger surge comes on top of a SEV1', () => {
      const open = complaints({ severity: 'SEV1', surgeLevel: 45 });
      const [d] = of(run([...week, ...hourly(WINDOW, END, () => 95)], [mention()], [open]), 'attach');
      expect(d!.raise).toMatchObject({ severity: 'SEV1', surgeLevel: 95 });
    });

    it('re-notifies at the same severity at most once a window', () => {
      const open = complaints({ severity: 'SEV1', surgeLevel: 45, timeline: [{ at: '2025-03-10T12:30:00.000Z', type: 'raised', severity: 'SEV1', from: 'SEV2' }] });
      const ds = run([...week, ...hourly(WINDOW, END, () => 95)], [mention()], [open]);
      expect(of(ds, 'attach')[0]!.raise).toBeUndefined();
    });

    it('stays quiet while the surge holds at the level it rose at', () => {
      const open = complaints({ severity: 'SEV2', surgeLevel: 30 });
      const ds = run([...week, ...hourly(WINDOW, END, () => 35)], [mention()], [open]);
      expect(ds).toEqual([{ kind: 'attach', incidentId: open.id, mentionIds: [expect.any(String)] }]);
    });

    it('re-notifies a second wave after the brand was back to normal, even below the level it rose at', () => {
      const open = complaints({ severity: 'SEV2', surgeLevel: 0 });
      const [d] = of(run([...week, ...hourly(WINDOW, END, () => 20)], [mention()], [open]), 'attach');
      expect(d!.raise).toMatchObject({ severity: 'SEV2', surgeLevel: 20 });
      expect(d!.raise!.reason).toMatch(/^a new surge after the brand was back to its normal level/);
    });

    it('never re-pages for a blip too small to page on its own', () => {
      const open = complaints({ severity: 'SEV1', surgeLevel: 0 });
      // 12 against ~4.5: a spike, but a SEV3-sized one.
      const ds = run([...week, ...hourly(WINDOW, END, () => 12)], [mention()], [open]);
      expect(of(ds, 'attach')[0]!.raise).toBeUndefined();
    });

    it('never lowers the severity of an open Incident', () => {
      const open = complaints({ severity: 'SEV1', surgeLevel: 60 });
      const ds = run([...week, ...hourly(WINDOW, END, () => 5)], [mention()], [open]);
      expect(of(ds, 'attach')[0]!.raise).toBeUndefined();
    });
  });

  describe('a busy brand going back to normal', () => {
    // 20 ± 2 negative Mentions every hour: a busy brand is never at zero.
    const busy = (d: Date) => 19 + wobble(d, 3);

    it('marks the open Incident back to normal, then proposes resolution after the quiet period', () => {
      const storm = hourly('2025-03-10T05:00:00.000Z', '2025-03-10T08:00:00.000Z', () => 80);
      const history = [...hourly(WEEK_AGO, '2025-03-10T05:00:00.000Z', busy), ...storm, ...hourly('2025-03-10T08:00:00.000Z', END, busy)];
      const open = complaints({ severity: 'SEV1', surgeLevel: 80, openedAt: '2025-03-10T05:15:00.000Z' });
      const ds = run(history, [mention()], [open]);
      expect(of(ds, 'attach')[0]).toMatchObject({ backToNormal: true });
      expect(of(ds, 'propose-resolution')[0]).toMatchObject({ incidentId: open.id });
      expect(of(ds, 'propose-resolution')[0]!.reason).toMatch(/^the brand's negative volume back to its normal level for \d+ h( \d+ min)? \(quiet period 4 h\)/);
    });

    it('does not propose resolution while the brand stays above its normal level', () => {
      const history = [...hourly(WEEK_AGO, '2025-03-10T05:00:00.000Z', busy), ...hourly('2025-03-10T05:00:00.000Z', END, () => 45)];
      const open = complaints({ severity: 'SEV1', surgeLevel: 45, openedAt: '2025-03-10T05:15:00.000Z' });
      expect(of(run(history, [mention()], [open]), 'propose-resolution')).toEqual([]);
    });
  });

  describe('reopening', () => {
    const week = hourly(WEEK_AGO, WINDOW, flat);
    const resolvedAt = '2025-03-10T11:40:00.000Z';
    const done = complaints({ status: 'resolved', severity: 'SEV1', resolvedAt });

    it('reopens the resolved Incident when the problem flares up again within the reopen window', () => {
      const history = [...week.filter((b) => b.bucketStart < '2025-03-10T11:45:00.000Z'), ...hourly(WINDOW, END, () => 40)];
      const ds = run(history, [mention()], [], NOW, [done]);
      expect(opened(ds)).toEqual([]);
      const [d] = of(ds, 'reopen');
      expect(d).toMatchObject({ incidentId: done.id, severity: 'SEV1', mentionIds: [expect.any(String)], figures: { negative: 40 } });
      expect(d!.reason).toMatch(/^flared up again 1 h 20 min after it was resolved; 40 negative mentions in 1 h, baseline/);
    });

    it('counts only the evidence gathered since the resolution', () => {
      // The window still holds the crisis's tail from before the resolution at 11:58; after it, the brand is ordinary.
      const history = [...week.filter((b) => b.bucketStart < '2025-03-10T11:00:00.000Z'), ...hourly('2025-03-10T11:00:00.000Z', '2025-03-10T12:00:00.000Z', () => 60), ...hourly(WINDOW, END, () => 4)];
      const ds = run(history, [mention()], [], new Date('2025-03-10T12:20:00.000Z'), [{ ...done, resolvedAt: '2025-03-10T11:58:00.000Z' }]);
      expect(of(ds, 'reopen')).toEqual([]);
      expect(opened(ds)).toEqual([]);
    });
  });

  describe('lone posts', () => {
    const quiet = () => [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 4)];

    it('opens a SEV3 Incident for one far-reaching negative post', () => {
      const big = mention({ author: { handle: 'columnist', reach: 450_000, isBrand: false }, analysis: { theme: 'delivery' } });
      const [d] = opened(run(quiet(), [big, mention({ analysis: { theme: 'delivery' } })]));
      expect(d).toMatchObject({ problem: 'complaints', theme: 'delivery', severity: 'SEV3', opening: { trigger: 'high-reach', rule: 'lone-post', reach: 450_000 } });
      expect(d!.reason).toContain('negative mention by @columnist with reach 450,000 (≥ 100,000)');
      expect(d!.triggerMentionIds[0]).toBe(big.id);
    });

    it('makes it SEV2 only when the author reaches very far', () => {
      const star = mention({ author: { handle: 'megastar', reach: 2_400_000, isBrand: false } });
      const [d] = opened(run(quiet(), [star]));
      expect(d).toMatchObject({ severity: 'SEV2' });
      expect(d!.reason).toContain('with reach 2,400,000 (≥ 1,000,000)');
    });

    it('keeps a lone risk post at SEV3: one person using a risk word is not a page', () => {
      const sick = mention({ text: 'food poisoning from the wrap', analysis: { theme: 'safety', risks: ['safety:food poisoning'] } });
      const [d] = opened(run(quiet(), [sick]));
      expect(d).toMatchObject({ problem: 'safety', theme: 'safety', severity: 'SEV3', opening: { trigger: 'risk', rule: 'lone-post', corroboratingAuthors: 0 } });
      expect(d!.reason).toContain('risk terms in 1 mention: safety:food poisoning');
    });

    it('makes a risk SEV2 when other authors corroborate it within the window', () => {
      const reports = ['ana', 'bo', 'cy'].map((h) => mention({ author: { handle: h, reach: 300, isBrand: false }, analysis: { theme: 'safety', risks: ['safety:caught fire'] } }));
      const [d] = opened(run(quiet(), reports));
      expect(d).toMatchObject({ problem: 'safety', severity: 'SEV2', opening: { corroboratingAuthors: 2 } });
      expect(d!.reason).toContain('2 other authors posted the same within 1 h');
    });

    it('raises the open risk Incident when later posts by other authors corroborate it', () => {
      const first = { handle: 'ana', at: '2025-03-10T12:10:00.000Z' };
      const open = incident({ theme: 'safety', problem: 'safety', fingerprint: 'acme#safety', severity: 'SEV3', recentAuthors: [first] });
      const later = ['bo', 'cy'].map((h) => mention({ author: { handle: h, reach: 300, isBrand: false }, analysis: { theme: 'safety', risks: ['safety:caught fire'] } }));
      const [d] = of(run(quiet(), later, [open]), 'attach');
      expect(d).toMatchObject({ incidentId: open.id, raise: { severity: 'SEV2' } });
      expect(d!.recentAuthors!.map((a) => a.handle).sort()).toEqual(['ana', 'bo', 'cy']);
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

    it("ignores the brand's own posts", () => {
      const own = mention({ author: { handle: 'acme', reach: 5_000_000, isBrand: true }, analysis: { risks: ['legal:lawsuit'] } });
      expect(opened(run(quiet(), [own]))).toEqual([]);
    });
  });

  describe('grouping', () => {
    it('attaches every negative Mention to the open complaints Incident, whatever its theme', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 46)];
      const open = [complaints({ severity: 'SEV1', surgeLevel: 46 })];
      const recent = [mention(), mention(), mention({ analysis: { theme: 'billing' } })];
      const decisions = run(history, recent, open);

      expect(opened(decisions)).toEqual([]);
      expect(decisions).toEqual([{ kind: 'attach', incidentId: open[0]!.id, mentionIds: recent.map((m) => m.id) }]);
    });

    it('opens a distinct problem (a safety report during an outage) as its own Incident', () => {
      const history = [...hourly(WEEK_AGO, WINDOW, flat), ...hourly(WINDOW, END, () => 46)];
      const open = [complaints({ severity: 'SEV1', surgeLevel: 46 })];
      const burn = mention({ analysis: { theme: 'safety', risks: ['safety:caught fire'] } });
      const decisions = run(history, [mention(), burn], open);

      expect(of(decisions, 'attach')[0]!.mentionIds).not.toContain(burn.id);
      expect(opened(decisions)[0]).toMatchObject({ problem: 'safety', mentionIds: [burn.id] });
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
