import { describe, expect, it } from 'vitest';
import { assembleWeeklyReport, type WeeklyReportInput } from '../../../lambdas/core/report/assemble.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import { anIncident, crisisBuckets, crisisIncidents, reportConfig, TZ, WEEK } from './report-fixtures.ts';

const input = (over: Partial<WeeklyReportInput> = {}): WeeklyReportInput => ({
  week: weekContaining(WEEK, TZ),
  generatedAt: '2026-11-23T09:00:00.000Z',
  brands: reportConfig.brands,
  owners: reportConfig.owners,
  settings: reportConfig,
  incidents: crisisIncidents(),
  buckets: crisisBuckets(),
  lookbackWeeks: 12,
  ...over,
});

describe('Function: assembleWeeklyReport', () => {
  const report = assembleWeeklyReport(input());

  it('writes one post-mortem per SEV1/SEV2 incident open in the week, worst first', () => {
    expect(report.postMortems.map((p) => [p.severity, p.incidentId])).toEqual([
      ['SEV1', 'inc-2026-11-17-overheating'],
      ['SEV2', 'inc-2026-11-15-app-store'],
      ['SEV2', 'inc-2026-11-21-delivery'],
    ]);
  });

  it('keeps SEV3 incidents to one line each', () => {
    expect(report.minorIncidents).toHaveLength(1);
    expect(report.minorIncidents[0]!.line).toMatch(/^Nimbus Phone · billing: 23 mentions, opened Mon 16 Nov, 09:12, acknowledged in 28 min, resolved in 1 h 50 min/);
  });

  it('marks the boundary-spanning incident as carried over and says so', () => {
    const boundary = report.postMortems.find((p) => p.incidentId === 'inc-2026-11-15-app-store')!;
    expect(boundary.carriedOver).toBe(true);
    expect(report.notes).toContain('One incident below opened in an earlier week and was still open in this one.');
  });

  it('builds the post-mortem timeline from first mention to resolution, with owner names', () => {
    const sev1 = report.postMortems[0]!;
    expect(sev1.timeline.map((e) => e.label)).toEqual([
      'First mention',
      'Incident opened at SEV2',
      'Level 1 paged: Maya Ortiz',
      'Level 2 paged after no answer: Sam Okafor',
      'Acknowledged by Sam Okafor',
      'Raised from SEV2 to SEV1',
      '2 reminders sent to Sam Okafor',
      'Resolved by Lee Chen',
    ]);
    expect(sev1.timeline.find((e) => e.label.startsWith('Acknowledged'))!.actor).toBe('Sam Okafor');
    expect(JSON.stringify(sev1.timeline)).not.toContain('@nimbus.example');
    expect(sev1.impact).toEqual({ mentions: 1284, negativeMentions: 912, reach: 3_400_000, durationMinutes: 44 * 60 + 48, ongoing: false });
    expect(sev1.rootCause).toMatch(/debug flag/);
    expect(sev1.lucky).toMatch(/No device was damaged/);
    expect(sev1.summary).toContain('Level 1 did not answer in time; at level 2, Sam Okafor acknowledged it after 29 min.');
  });

  it('keeps the figures at opening apart from the totals at close, and says why the severity rose', () => {
    const sev1 = report.postMortems[0]!;
    expect(sev1.opening).toEqual({ at: '2026-11-17T14:32:00.000Z', severity: 'SEV2', negative: 46, windowMinutes: 60 });
    expect(sev1.summary).toMatch(/^Opened Tue 17 Nov, 14:32 as SEV2: 46 negative mentions in an hour; an hour normally has 4 to 10\./);
    expect(sev1.summary).toContain('Raised to SEV1 at 16:10: a post by @techreviewer reached 1.2M.');
    expect(sev1.summary).toContain('At close: 1,284 mentions (912 negative), reaching 3,400,000 people.');
    expect(sev1.severityChanges).toEqual([{ at: '2026-11-17T16:10:00.000Z', from: 'SEV2', to: 'SEV1', text: 'A post by @techreviewer reached 1.2M.' }]);
    // Leadership reads words: no detector jargon in what the report shows.
    expect(sev1.reasonText).not.toMatch(/σ|±|\[theme/);
  });

  it('opens with every incident of the week, worst first, SEV3 included', () => {
    expect(report.incidents.map((i) => [i.severity, i.themeLabel, i.status, i.postMortem])).toEqual([
      ['SEV1', 'Overheating', 'resolved', true],
      ['SEV2', 'App store', 'resolved', true],
      ['SEV2', 'Delivery', 'open', true],
      ['SEV3', 'Billing', 'resolved', false],
    ]);
    expect(report.incidents[0]).toMatchObject({ acknowledgedBy: 'Sam Okafor', timeToAcknowledgeMinutes: 29, raised: { to: 'SEV1' } });
    expect(report.incidents[3]!.rootCause).toMatch(/double charge/);
  });

  it('says what the timeline shows about a never-acknowledged incident', () => {
    const ignored = report.postMortems.find((p) => p.incidentId === 'inc-2026-11-21-delivery')!;
    expect(ignored.timeToAcknowledgeMinutes).toBeNull();
    expect(ignored.impact.ongoing).toBe(true);
    expect(ignored.levelsNotified).toBe(3);
    expect(ignored.summary).toContain('Not acknowledged yet: 3 levels paged so far.');
    expect(ignored.summary).toContain('Still open when this report was built, 1 d 10 h after it opened. So far: 140 mentions (97 negative), reaching 61,000 people.');
    expect(ignored.rootCause).toBeUndefined();
  });

  it('flags action items past due at the end of the week', () => {
    const items = report.postMortems[0]!.actionItems;
    expect(items.map((a) => [a.status, a.overdue, a.daysOverdue])).toEqual([
      ['open', false, 0],
      ['done', false, 0],
      ['open', true, 2],
    ]);
  });

  it('lists open overdue action items from earlier weeks only', () => {
    expect(report.overdueActionItems.map((a) => [a.incidentId, a.text, a.daysOverdue])).toEqual([
      ['inc-2026-10-27-pricing', 'Publish prices from one source of truth', 13],
    ]);
  });

  it('treats an item closed after the week as still open in it', () => {
    const closedLater = crisisIncidents().map((i) =>
      i.id === 'inc-2026-10-27-pricing'
        ? { ...i, resolution: { ...i.resolution!, actionItems: [{ ...i.resolution!.actionItems[0]!, status: 'done' as const, closedAt: '2026-11-25T10:00:00.000Z' }] } }
        : i,
    );
    expect(assembleWeeklyReport(input({ incidents: closedLater })).overdueActionItems).toHaveLength(1);
  });

  it('gives seven local days and marks the days incidents opened', () => {
    expect(report.daily.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(report.daily.reduce((n, d) => n + d.mentions, 0)).toBe(report.thisWeek.mentions);
    const daily = report.charts.find((c) => c.id === 'daily-mentions');
    expect(daily?.id === 'daily-mentions' && daily.incidents.map((m) => [m.date, m.severity])).toEqual([
      ['2026-11-16', 'SEV3'],
      ['2026-11-17', 'SEV1'],
      ['2026-11-21', 'SEV2'],
    ]);
  });

  it('ranks complaint themes with last week beside them', () => {
    expect(report.themes[0]).toEqual({ theme: 'overheating', label: 'Overheating', thisWeek: expect.any(Number), lastWeek: 0 });
    expect(report.themes.find((t) => t.theme === 'support')!.lastWeek).toBeGreaterThan(0);
  });

  it('asks for the three charts', () => {
    expect(report.charts.map((c) => c.id)).toEqual(['daily-mentions', 'response-times', 'complaint-themes']);
    expect(report.charts.every((c) => c.alt.length > 20)).toBe(true);
  });

  it('leaves out incidents opened after the week', () => {
    const later = anIncident('later', { openedAt: '2026-11-24T10:00:00.000Z', severity: 'SEV1' });
    const r = assembleWeeklyReport(input({ incidents: [...crisisIncidents(), later] }));
    expect(r.postMortems.map((p) => p.incidentId)).not.toContain('later');
  });

  describe('a week without data', () => {
    const empty = assembleWeeklyReport(input({ incidents: [], buckets: [] }));

    it('is still a short, useful report: a verdict, a note on the missing data, no charts', () => {
      expect(empty.headline).toBe('A quiet week for Nimbus Phone: no incidents (none last week either), and no mentions were counted.');
      expect(empty.notes[0]).toMatch(/No mentions were counted this week or last/);
      expect(empty.charts).toEqual([]);
      expect(empty.postMortems).toEqual([]);
      expect(empty.daily).toHaveLength(7);
    });

    it('warns when mentions stopped after a week with some', () => {
      const lastWeekOnly = crisisBuckets().filter((b) => b.bucketStart < '2026-11-16');
      const r = assembleWeeklyReport(input({ incidents: [], buckets: lastWeekOnly }));
      expect(r.notes[0]).toMatch(/check that the sources are still fetching/);
      expect(r.headline).toMatch(/no mentions were counted \(last week 2,248\)/);
    });

    it('still lists overdue action items from earlier weeks', () => {
      const r = assembleWeeklyReport(input({ incidents: crisisIncidents().filter((i) => i.id === 'inc-2026-10-27-pricing'), buckets: [] }));
      expect(r.overdueActionItems).toHaveLength(1);
    });
  });

  it('is plain JSON: it round-trips unchanged', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
