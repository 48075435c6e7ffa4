/** What must hold after every fault scenario, measured on the tables, the flows and the logs. */
import { batchDeltas } from '../../lambdas/core/record-batch.ts';
import { SOURCE, type World } from './world.ts';

export interface Tally {
  lost: number;
  duplicated: number;
  countersOff: number;
  problems: string[];
}

export async function checkInvariants(world: World, options: { expectFailedRuns?: boolean } = {}): Promise<Tally> {
  const problems: string[] = [];
  const served = new Set(world.served().map((t) => `${SOURCE}#${t.id}`));
  const mentions = await world.storedMentions();
  const stored = new Set(mentions.map((m) => m.id));

  // Stored Mentions equal the set the sources served.
  const lostIds = [...served].filter((id) => !stored.has(id));
  const extra = [...stored].filter((id) => !served.has(id));
  if (lostIds.length) problems.push(`${lostIds.length} served item(s) never stored`);
  if (extra.length) problems.push(`${extra.length} stored item(s) never served`);

  // Counters equal the stored Mentions, bucket by bucket.
  let countersOff = 0;
  let over = 0;
  let under = 0;
  const expected = batchDeltas({ stored: mentions, rescored: [], replied: [] }, world.shared.config.detection.bucketMinutes);
  const buckets = await world.stores.counters.range('acme', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z');
  const byStart = new Map(buckets.map((b) => [b.bucketStart, b]));
  const starts = new Set([...expected.map((e) => e.bucketStart), ...buckets.map((b) => b.bucketStart)]);
  for (const start of starts) {
    const want = expected.find((e) => e.bucketStart === start)?.delta;
    const got = byStart.get(start);
    const fields = ['total', 'negative', 'complaint', 'reach', 'negativeReach'] as const;
    const diff = fields.filter((f) => (want?.[f] ?? 0) !== (got?.[f] ?? 0));
    if ((want?.bySource[SOURCE] ?? 0) !== (got?.bySource[SOURCE] ?? 0)) diff.push('total');
    if (diff.length) {
      countersOff++;
      problems.push(`bucket ${start}: ${diff.map((f) => `${f} ${got?.[f] ?? 0} ≠ ${want?.[f] ?? 0}`).join(', ')}`);
      over += Math.max(0, (got?.total ?? 0) - (want?.total ?? 0));
      under += Math.max(0, (want?.total ?? 0) - (got?.total ?? 0));
    }
  }

  // The cursor never passed an unstored item.
  if (world.passedUnstored.size) problems.push(`the cursor passed ${world.passedUnstored.size} unstored item(s)`);

  // Each Incident has exactly one execution, and counts no Mention twice.
  const incidents = await world.incidents();
  const executions = world.flows.escalation.executions();
  for (const i of incidents) {
    const n = executions.filter((e) => e === i.id).length;
    if (n !== 1 && !i.flowFailedAt) problems.push(`incident ${i.id} has ${n} executions`);
    const attached = mentions.filter((m) => m.incidentId === i.id).length;
    if (attached > i.mentionCount) problems.push(`incident ${i.id} counts ${i.mentionCount} but has ${attached} attached`);
  }

  // Every Level was notified at most once per round: no recipient paged twice for one page, and
  // every email sent is one the timeline records.
  for (const i of incidents) {
    const pages = i.timeline.filter((e) => e.type === 'notified').map((e) => `${e.actor} ${e.level} ${e.detail}`);
    const twice = pages.filter((p, k) => pages.indexOf(p) !== k);
    if (twice.length) problems.push(`incident ${i.id}: paged twice for one page: ${twice.join('; ')}`);
  }
  const recorded = incidents.flatMap((i) => i.timeline.filter((e) => e.type === 'notified' || e.type === 'reminded').map((e) => e.actor));
  if (recorded.length !== world.shared.ses.sent.length)
    problems.push(`${world.shared.ses.sent.length} emails sent, ${recorded.length} recorded (${world.shared.ses.sent.join(', ')}; ${incidents.map((i) => `${i.id}: ${i.timeline.map((e) => `${e.type}${e.actor ? ` ${e.actor}` : ''}`).join(', ')}`).join(' | ')})`);

  // The error was logged with the source or Incident id.
  const failed = world.runs.filter((r) => !r.ok);
  const logged = world.logger.lines.filter((l) => l.level === 'error' && l.attributes?.source === SOURCE);
  if (failed.length > logged.length) problems.push(`${failed.length} failed run(s), ${logged.length} logged with the source id`);
  if (options.expectFailedRuns && !failed.length) problems.push('the fault failed no run');

  return { lost: lostIds.length + under, duplicated: extra.length + over, countersOff, problems };
}
