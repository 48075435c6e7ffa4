import { describe, expect, it, vi } from 'vitest';
import type { Email, Logger } from '../../../lambdas/core/ports.ts';
import { buildWeeklyReport, type WeeklyReportDeps } from '../../../lambdas/core/report/build-weekly-report.ts';
import type { ChartRenderer } from '../../../lambdas/core/report/charts.ts';
import { crisisBuckets, crisisIncidents, reportConfig } from './report-fixtures.ts';

const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]);

function fakes(over: Partial<WeeklyReportDeps> = {}) {
  const stored = new Map<string, { body: string | Uint8Array; contentType: string }>();
  const sent: Email[] = [];
  const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const charts: ChartRenderer = {
    render: vi.fn(async (c) => ({ id: c.id, filename: `${c.id}.png`, contentType: 'image/png' as const, content: png(1), width: 600, height: 300 })),
  };
  const incidents = crisisIncidents();
  const buckets = crisisBuckets();
  const deps: WeeklyReportDeps = {
    clock: { now: () => new Date('2026-11-23T09:00:00Z') },
    incidents: { listOpenedBetween: vi.fn(async (_b: string, from: string, to: string) => incidents.filter((i) => i.openedAt >= from && i.openedAt < to)) },
    counters: { range: vi.fn(async (_b: string, from: string, to: string) => buckets.filter((b) => b.bucketStart >= from && b.bucketStart < to)) },
    reports: { put: vi.fn(async (key: string, body: string | Uint8Array, contentType: string) => (stored.set(key, { body, contentType }), `https://reports.example/${key}`)) },
    mailer: { send: vi.fn(async (e: Email) => void sent.push(e)) },
    charts,
    logger,
    ...over,
  };
  return { deps, stored, sent, logger };
}

describe('Function: buildWeeklyReport', () => {
  it('reports the last complete week by default, reading one week of counters back and 12 weeks of incidents (Monday midnight BST then)', async () => {
    const { deps } = fakes();
    const result = await buildWeeklyReport(deps, reportConfig);
    expect(result.week.start).toBe('2026-11-16');
    expect(deps.counters.range).toHaveBeenCalledExactlyOnceWith('nimbus', '2026-11-09T00:00:00.000Z', '2026-11-23T00:00:00.000Z');
    expect(deps.incidents.listOpenedBetween).toHaveBeenCalledExactlyOnceWith('nimbus', '2026-08-23T23:00:00.000Z', '2026-11-23T00:00:00.000Z');
  });

  it('stores HTML, JSON, text and the PNGs under reports/<Monday>/', async () => {
    const { deps, stored } = fakes();
    const result = await buildWeeklyReport(deps, reportConfig, { week: '2026-11-18' });
    expect([...stored.keys()].sort()).toEqual([
      'reports/2026-11-16/complaint-themes.png',
      'reports/2026-11-16/daily-mentions.png',
      'reports/2026-11-16/index.html',
      'reports/2026-11-16/report.json',
      'reports/2026-11-16/report.txt',
      'reports/2026-11-16/response-times.png',
    ]);
    expect(result.archiveUrl).toBe('https://reports.example/reports/2026-11-16/index.html');
    // The archived page links its PNGs by file name, not cid:.
    const page = String(stored.get('reports/2026-11-16/index.html')!.body);
    expect(page).toContain('src="daily-mentions.png"');
    expect(page).not.toContain('cid:');
    expect(JSON.parse(String(stored.get('reports/2026-11-16/report.json')!.body)).postMortems).toHaveLength(3);
    expect(stored.get('reports/2026-11-16/daily-mentions.png')!.contentType).toBe('image/png');
  });

  it('emails the recipients the report inline, charts as cid: attachments, with the archive link', async () => {
    const { deps, sent } = fakes();
    await buildWeeklyReport(deps, reportConfig, { week: '2026-11-16' });
    expect(sent).toHaveLength(1);
    const email = sent[0]!;
    expect(email.to).toEqual(['leadership@nimbus.example']);
    expect(email.from).toBe('crisis-desk@nimbus.example');
    expect(email.subject).toBe('Weekly report 16–22 Nov 2026, Nimbus Phone: 3 incidents (worst SEV1)');
    expect(email.attachments?.map((a) => a.id)).toEqual(['daily-mentions', 'response-times', 'complaint-themes']);
    for (const a of email.attachments!) expect(email.html).toContain(`src="cid:${a.id}"`);
    expect(email.html).toContain('href="https://reports.example/reports/2026-11-16/index.html"');
    expect(email.text).toContain('Archived copy: https://reports.example/reports/2026-11-16/index.html');
  });

  it('keeps a store-only rebuild out of the mailbox', async () => {
    const { deps, sent } = fakes();
    const result = await buildWeeklyReport(deps, reportConfig, { week: '2026-11-16', send: false });
    expect(sent).toHaveLength(0);
    expect(result.emailedTo).toEqual([]);
  });

  it('sends the report without a chart that failed to render, and says so in the log', async () => {
    const { deps, sent, logger } = fakes();
    const ok = deps.charts.render;
    deps.charts = { render: async (c) => (c.id === 'response-times' ? Promise.reject(new Error('font missing')) : ok(c)) };
    const result = await buildWeeklyReport(deps, reportConfig, { week: '2026-11-16' });
    expect(result.charts).toEqual(['daily-mentions', 'complaint-themes']);
    expect(sent[0]!.html).not.toContain('cid:response-times');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('chart failed'), expect.objectContaining({ chart: 'response-times', error: 'font missing' }));
  });

  it('sends a short report for a week without data, with no charts', async () => {
    const { deps, sent, stored } = fakes({
      incidents: { listOpenedBetween: async () => [] },
      counters: { range: async () => [] },
    });
    const result = await buildWeeklyReport(deps, reportConfig, { week: '2026-11-16' });
    expect(result.charts).toEqual([]);
    expect(sent[0]!.attachments).toEqual([]);
    expect(sent[0]!.subject).toBe('Weekly report 16–22 Nov 2026, Nimbus Phone: no incidents');
    expect([...stored.keys()]).toHaveLength(3);
  });

  it('honours a key prefix for a store already rooted at its reports folder', async () => {
    const { deps, stored } = fakes({ keyPrefix: '' });
    await buildWeeklyReport(deps, reportConfig, { week: '2026-11-16', send: false });
    expect([...stored.keys()]).toContain('2026-11-16/index.html');
  });

  it('reads each brand once per store', async () => {
    const { deps } = fakes();
    const config = { ...reportConfig, brands: [...reportConfig.brands, { ...reportConfig.brands[0]!, id: 'orbit', name: 'Orbit' }] };
    await buildWeeklyReport(deps, config, { week: '2026-11-16' });
    expect(vi.mocked(deps.counters.range).mock.calls.map((c) => c[0])).toEqual(['nimbus', 'orbit']);
    expect(vi.mocked(deps.incidents.listOpenedBetween).mock.calls.map((c) => c[0])).toEqual(['nimbus', 'orbit']);
  });
});
