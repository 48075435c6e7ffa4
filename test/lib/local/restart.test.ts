/**
 * A restart does not page twice: the local runtime keeps a record of its flow executions in the
 * embedded database, so a second start of an Incident's flow is a no-op in a later process too,
 * and a stopped process's escalation carries on where it stood, with the real synthesized flow.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../../lambdas/adapters/console-logger.ts';
import { parseConfig } from '../../../lambdas/core/config.ts';
import type { Incident } from '../../../lambdas/core/incident.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../lib/local/runtime.ts';

const config = parseConfig({
  sender: 'desk@acme.example',
  timeZone: 'UTC',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'] }],
  owners: [
    { id: 'maya', name: 'Maya Ortiz', email: 'maya@acme.example' },
    { id: 'sam', name: 'Sam Okafor', email: 'sam@acme.example' },
  ],
  escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 1 }, { owners: ['sam'], timeoutMinutes: 1 }] }],
  report: { recipients: ['boss@acme.example'] },
});

/** One simulated minute is 1.5 real seconds: long enough to stop before a Level times out. */
const TIME_SCALE = 1 / 40;

const start = (dir: string) =>
  startLocalRuntime({ config, dir, persist: true, flowTimeScale: TIME_SCALE, logger: new ConsoleLogger({ quiet: true }) });

function incidentNow(): Incident {
  const at = new Date().toISOString();
  return {
    id: `acme-outage-${Date.now()}`, brand: 'acme', theme: 'outage', fingerprint: 'acme#outage', severity: 'SEV2', status: 'open',
    firstMentionAt: at, openedAt: at, reason: '12 negative mentions in 1 h', triggerMentionIds: [], mentionCount: 12, negativeCount: 12,
    reach: 900, level: 0, notified: [], timeline: [{ at, type: 'opened', actor: 'crisis-desk' }], version: 1,
  };
}

async function until(rt: LocalRuntime, id: string, check: (i: Incident) => boolean, timeoutMs = 20_000): Promise<Incident> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = (await rt.stores.incidents.get(id))!;
    if (check(i)) return i;
    if (Date.now() > deadline) throw new Error(`not met: ${JSON.stringify(i.timeline.map((e) => [e.type, e.actor]))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const emailsTo = async (dir: string, who: string) => {
  const files = (await readdir(join(dir, 'outbox')).catch(() => [])).filter((f) => f.endsWith('.eml'));
  const heads = await Promise.all(files.map((f) => readFile(join(dir, 'outbox', f), 'utf8')));
  return heads.filter((h) => new RegExp(`^To: .*${who}`, 'm').test(h)).length;
};

describe('Local runtime: restart', () => {
  it('resumes an escalation after a restart without paging the same Level twice, and refuses a second start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'restart-'));
    const incident = incidentNow();

    const first = await start(dir);
    await first.stores.incidents.create(incident);
    expect(await first.ingestDeps.flows.start(incident.id, { incidentId: incident.id })).toBe('started');
    await first.settleFlows([incident.id]);
    await until(first, incident.id, (i) => i.notified.includes('maya@acme.example'));
    await first.stop();
    expect(await emailsTo(dir, 'maya@')).toBe(1);

    const second = await start(dir);
    try {
      const record = await second.journal!.get(incident.id);
      expect(record).toMatchObject({ status: 'RUNNING', state: 'NotifyLevel' });
      // The execution is on record: a later process starting it again starts nothing.
      expect(await second.ingestDeps.flows.start(incident.id, { incidentId: incident.id })).toBe('already-started');
      expect(await second.resumeFlows()).toEqual([incident.id]);
      // Level 1 did not answer: the resumed flow escalates to level 2 once its minute is up.
      const escalated = await until(second, incident.id, (i) => i.notified.includes('sam@acme.example'));
      expect(escalated.timeline.filter((e) => e.type === 'notified' && e.actor === 'maya@acme.example')).toHaveLength(1);
      expect(escalated.timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
      expect(await emailsTo(dir, 'maya@')).toBe(1);
      expect(await emailsTo(dir, 'sam@')).toBe(1);
    } finally {
      await second.stop();
    }

    // Resolved while nothing runs: the next start closes the flow and the record says so.
    const third = await start(dir);
    try {
      const { updateIncident } = await import('../../../lambdas/core/incident-update.ts');
      await updateIncident(third.stores.incidents, incident.id, (i) => {
        i.status = 'resolved';
        i.resolvedAt = new Date().toISOString();
      });
      expect(await third.resumeFlows()).toEqual([incident.id]);
      await third.escalationRunner()!.idle();
      expect(third.escalationRunner()!.status(incident.id)).toBe('SUCCEEDED');
      expect(await third.journal!.get(incident.id)).toMatchObject({ status: 'SUCCEEDED' });
      expect(await emailsTo(dir, 'sam@')).toBe(1);
    } finally {
      await third.stop();
    }
    const fourth = await start(dir);
    expect(await fourth.resumeFlows()).toEqual([]);
    await fourth.stop();
  }, 120_000);
});
