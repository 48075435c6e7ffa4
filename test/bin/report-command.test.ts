import { describe, expect, it, vi } from 'vitest';
import { reportCommand, type ReportRuntime } from '../../bin/commands/report.ts';
import { UsageError } from '../../bin/commands/usage.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { crisisBuckets, crisisIncidents, reportConfig } from '../core/report/report-fixtures.ts';

const runtime = (): ReportRuntime => ({
  config: parseConfig({
    ...reportConfig,
    escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 15 }] }],
  }),
  clock: { now: () => new Date('2026-11-23T09:00:00Z') },
  stores: { incidents: { listOpenedBetween: async () => crisisIncidents() }, counters: { range: async () => crisisBuckets() } },
  reports: { put: vi.fn(async (key: string) => `/tmp/x/${key}`) },
  mailer: { send: vi.fn(async () => {}) },
  charts: { render: async (c) => ({ id: c.id, filename: `${c.id}.png`, contentType: 'image/png', content: new Uint8Array(4), width: 600, height: 300 }) },
});

describe('Command: report', () => {
  it('rebuilds the week asked for, emails it and says where it went', async () => {
    const rt = runtime();
    const lines: string[] = [];
    const { code, result } = await reportCommand(['--week', '2026-11-16'], rt, (l) => lines.push(l));
    expect(code).toBe(0);
    expect(result.week.start).toBe('2026-11-16');
    expect(rt.mailer.send).toHaveBeenCalledOnce();
    expect(lines[0]).toBe('Weekly report 16–22 Nov 2026 (Europe/London)');
    expect(lines.join('\n')).toContain('emailed: leadership@nimbus.example');
  });

  it('stores only with --no-email', async () => {
    const rt = runtime();
    const lines: string[] = [];
    await reportCommand(['--week', '2026-11-16', '--no-email'], rt, (l) => lines.push(l));
    expect(rt.mailer.send).not.toHaveBeenCalled();
    expect(lines.join('\n')).toContain('emailed: no (--no-email)');
  });

  it('refuses a week that is not a date as a usage error', async () => {
    await expect(reportCommand(['--week', 'last'], runtime(), () => {})).rejects.toThrow(UsageError);
  });
});
