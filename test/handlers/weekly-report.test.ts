import { describe, expect, it, vi } from 'vitest';
import { createWeeklyReportHandler, type WeeklyReportHandlerDeps } from '../../lambdas/handlers/weekly-report.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { crisisBuckets, crisisIncidents, reportConfig } from '../core/report/report-fixtures.ts';

const config = parseConfig({
  ...reportConfig,
  escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 15 }] }],
});

const deps = (): WeeklyReportHandlerDeps => ({
  config,
  clock: { now: () => new Date('2026-12-10T12:00:00Z') },
  incidents: { listOpenedBetween: vi.fn(async () => crisisIncidents()) },
  counters: { range: vi.fn(async () => crisisBuckets()) },
  reports: { put: vi.fn(async (key: string) => `s3://reports/${key}`) },
  mailer: { send: vi.fn(async () => {}) },
  charts: { render: async (c) => ({ id: c.id, filename: `${c.id}.png`, contentType: 'image/png', content: new Uint8Array(4), width: 600, height: 300 }) },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});

describe('Handler: weekly-report', () => {
  it('reports the week asked for by hand', async () => {
    const result = await createWeeklyReportHandler(deps())({ week: '2026-11-18' });
    expect(result).toMatchObject({ week: '2026-11-16', archiveUrl: 's3://reports/reports/2026-11-16/index.html', emailedTo: 1 });
    expect(result.headline).toMatch(/^A tough week for Nimbus Phone/);
  });

  it('reports the week before the scheduled time, so a late retry reports the same week', async () => {
    const result = await createWeeklyReportHandler(deps())({ scheduledTime: '2026-11-23T09:00:00Z' });
    expect(result.week).toBe('2026-11-16');
  });

  it('falls back to the last complete week before now', async () => {
    expect((await createWeeklyReportHandler(deps())({})).week).toBe('2026-11-30');
  });

  it.each([[{ week: 20261116 }], [{ week: '16 Nov' }]])('refuses %j', async (event) => {
    await expect(createWeeklyReportHandler(deps())(event as never)).rejects.toThrow(/week/);
  });
});
