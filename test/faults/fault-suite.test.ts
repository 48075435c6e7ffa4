/**
 * The fault-injection suite: the real fetch-mentions handler, the embedded DynamoDB and the
 * locally interpreted escalation flow, with faults injected only at the edges (the platform's
 * HTTP server, the DynamoDB client's middleware, fake Comprehend / SES / Step Functions servers,
 * a hook between pipeline steps). Every scenario ends with the same invariants (invariants.ts),
 * and the suite prints one summary line.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfnFlowCallback } from '../../lambdas/adapters/sfn-flow-callback.ts';
import { SfnFlowStarter } from '../../lambdas/adapters/sfn-flow-starter.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import type { IngestStep } from '../../lambdas/core/ingest.ts';
import { startEmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { synthesizeStack } from '../../lib/synth.ts';
import { fakeClientConfig, startFakeAws } from '../adapters/fake-aws-server.ts';
import { RecordingMailer } from '../helpers/recording.ts';
import type { DynamoFault } from './dynamo-faults.ts';
import { checkInvariants, type Tally } from './invariants.ts';
import { Platform, snowflake, type PlatformFault, type PlatformScript, type Tweet } from './platform.ts';
import { faultConfig, NOW, servedTweets, SOURCE, startFakeComprehend, startFakeSes, World, type Shared } from './world.ts';

const SETUP_TIMEOUT = 240_000;
const SCENARIO_TIMEOUT = 60_000;
let shared: Shared;
const totals = { scenarios: 0, faults: 0, lost: 0, duplicated: 0, countersOff: 0 };

beforeAll(async () => {
  const platform = await Platform.start();
  const config = faultConfig(platform.url);
  shared = {
    dynamo: await startEmbeddedDynamo(),
    platform,
    comprehend: await startFakeComprehend(),
    ses: await startFakeSes(),
    synthesized: synthesizeStack(config),
    config,
  };
}, SETUP_TIMEOUT);

afterAll(async () => {
  // The one line the suite is judged by.
  console.log(
    `fault suite: ${totals.scenarios} scenarios, ${totals.faults} faults injected, mentions lost ${totals.lost}, duplicated ${totals.duplicated}, counters off ${totals.countersOff}`,
  );
  await shared?.platform.close();
  await shared?.comprehend.server.close();
  await shared?.ses.server.close();
  await shared?.dynamo.stop();
});

function resetFakes(): void {
  Object.assign(shared.comprehend.mode, { throttleNext: 0, failing: new Set(), outage: false, injected: 0 });
  Object.assign(shared.ses.mode, { throttleNext: 0, rejected: new Set(), outage: false, injected: 0 });
  shared.ses.sent.length = 0;
}

let counter = 0;
interface Plan {
  tweets?: Tweet[];
  /** The set the source serves that must end up stored (default: every tweet). */
  served?: Tweet[];
  script?: PlatformScript;
  /** Runs the faulty part; the world then drains with healthy runs. */
  act: (world: World) => Promise<void>;
  expectFailedRuns?: boolean;
  /** Faults injected outside the platform, DynamoDB, Comprehend and SES counters. */
  extraFaults?: () => number;
}

/** Runs a scenario, drains, waits for the flows to page, stops them, checks and tallies. */
async function scenario(plan: Plan): Promise<{ world: World; tally: Tally }> {
  resetFakes();
  const tweets = plan.tweets ?? servedTweets();
  const served = plan.served ?? tweets;
  shared.platform.reset(tweets, plan.script);
  const world = await World.create(shared, `s${++counter}`, () => served);
  try {
    await plan.act(world);
    await world.drain();
    await waitForPages(world);
  } finally {
    await world.stop();
  }
  // A notification in flight when the flows stopped finishes recording its delivery.
  await new Promise((r) => setTimeout(r, 250));
  const tally = await checkInvariants(world, { expectFailedRuns: plan.expectFailedRuns });
  totals.scenarios++;
  totals.faults +=
    shared.platform.injected + shared.comprehend.mode.injected + shared.ses.mode.injected + world.runs.reduce((n, r) => n + r.dynamoFaults, 0) + (plan.extraFaults?.() ?? 0);
  totals.lost += tally.lost;
  totals.duplicated += tally.duplicated;
  totals.countersOff += tally.countersOff;
  expect(tally.problems).toEqual([]);
  return { world, tally };
}

/** Level 1 of every open Incident has been paged (or failed to be): the flows did their first step. */
async function waitForPages(world: World): Promise<void> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    const incidents = await world.incidents();
    if (incidents.every((i) => i.timeline.some((e) => e.type === 'notified' || e.type === 'notify-failed' || e.type === 'escalated'))) break;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Fault suite', () => {
  describe('sources', () => {
    const platformFaults: [PlatformFault, number[]][] = [
      ['rate-limited', [0, 1, 2, 3]],
      ['server-error', [0, 1, 2]],
      ['hang', [0, 1, 2]],
      ['truncated-json', [1]],
      ['html-error-page', [2]],
      ['missing-fields', [1]],
      ['connection-reset', [0, 1, 2]],
    ];
    it.each(platformFaults)('%s: the run fails with the source named, the cursor stays, nothing is lost', { timeout: SCENARIO_TIMEOUT }, async (fault, at) => {
      const { world } = await scenario({
        script: { faults: Object.fromEntries(at.map((n) => [n, fault])) },
        expectFailedRuns: true,
        act: async (w) => void (await w.run()),
      });
      expect(world.runs[0]!.ok).toBe(false);
    });

    it('an out-of-order old item on page 1 neither ends the walk nor loses the rest', { timeout: SCENARIO_TIMEOUT }, async () => {
      const old = { id: snowflake(NOW - 3 * 3600_000), author_id: '1', created_at: new Date(NOW - 3 * 3600_000).toISOString(), text: 'acme air old post' };
      const { world } = await scenario({ script: { outOfOrder: old }, act: async (w) => void (await w.run()) });
      expect(world.runs[0]!.summary?.stored).toBe(40);
    });

    it('a page that repeats the previous page', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ script: { repeatPage: { page: 2, times: 1 } }, act: async (w) => void (await w.run()) });
    });

    it('a cursor (page token) that goes backwards', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ script: { backwardsToken: { times: 1 } }, act: async (w) => void (await w.run()) });
    });

    it('a 450 KB post beside normal ones is cut, not fatal', { timeout: SCENARIO_TIMEOUT }, async () => {
      const tweets = servedTweets();
      tweets[3] = { ...tweets[3]!, text: `acme air ${'a very long thread '.repeat(25_000)}` };
      let faults = 1;
      await scenario({ tweets, act: async (w) => void (await w.run()), extraFaults: () => faults-- });
    });

    it('an empty text and one grapheme over 5,000 bytes are skipped or cut, never sent empty to Comprehend', { timeout: SCENARIO_TIMEOUT }, async () => {
      const tweets = servedTweets();
      tweets[5] = { ...tweets[5]!, text: '\u200B' };
      tweets[6] = { ...tweets[6]!, text: `@acmeair e${'\u0301'.repeat(3_000)}` };
      let faults = 2;
      await scenario({ tweets, served: tweets.filter((_, i) => i !== 5), act: async (w) => void (await w.run()), extraFaults: () => (faults ? (faults = 0, 2) : 0) });
    });

    it('duplicates inside one batch (a post listed twice, pages shifting) are stored, counted and attached once', { timeout: SCENARIO_TIMEOUT }, async () => {
      const tweets = servedTweets();
      // The last post of pages 1-3 shows up again at the top of the next page.
      const listedTwice = [tweets[30]!.id, tweets[20]!.id, tweets[10]!.id];
      await scenario({ tweets, script: { listedTwice }, act: async (w) => void (await w.run()), extraFaults: () => 0 });
    });

    it('a hang that would outlast the Lambda ends the run inside it with a named error', { timeout: SCENARIO_TIMEOUT }, async () => {
      const { world } = await scenario({
        script: { faults: Object.fromEntries(Array.from({ length: 40 }, (_, n) => [n, 'hang' as const])) },
        expectFailedRuns: true,
        act: async (w) => {
          // 12 s left: 2 s to fetch, 10 s kept for storing. Every attempt hangs.
          await w.run([], { context: { getRemainingTimeInMillis: () => 12_000 } });
          shared.platform.script = {};
        },
      });
      expect(world.runs[0]!.error?.name).toMatch(/TimeBudgetError|SourceError/);
    });
  });

  describe('Comprehend', () => {
    it('throttling is retried', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => {
        shared.comprehend.mode.throttleNext = 2;
        await w.run();
      } });
    });

    it('a partial ErrorList leaves those Mentions unscored, scored and counted on a later run', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => {
        shared.comprehend.mode.failing = new Set(['flight 3 ', 'flight 7 ']);
        await w.run();
        shared.comprehend.mode.failing = new Set();
      } });
    });

    it('an unsupported language goes to the fallback analyser', { timeout: SCENARIO_TIMEOUT }, async () => {
      const tweets = servedTweets().map((t, i) => (i % 4 === 0 ? { ...t, lang: 'sw' } : t));
      let faults = 10;
      await scenario({ tweets, act: async (w) => void (await w.run()), extraFaults: () => (faults ? (faults = 0, 10) : 0) });
    });

    it('a total outage stores everything unscored; the next healthy run scores and counts it', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => {
        shared.comprehend.mode.outage = true;
        await w.run();
        shared.comprehend.mode.outage = false;
      } });
    });
  });

  describe('DynamoDB', () => {
    const faults: [string, DynamoFault[]][] = [
      ['throttled batch writes', [{ kind: 'throttle', op: 'BatchWriteItem', times: 2 }]],
      ['throttled counter updates', [{ kind: 'throttle', op: 'UpdateItem', times: 3 }]],
      ['a counter ADD whose response is lost (the SDK sends it again)', [{ kind: 'lost-response', op: 'UpdateItem', times: 3 }]],
      ['a batch write whose response is lost', [{ kind: 'lost-response', op: 'BatchWriteItem', times: 1 }]],
      ['an Incident write whose response is lost', [{ kind: 'lost-response', op: 'PutItem', times: 2 }]],
    ];
    it.each(faults)('%s', { timeout: SCENARIO_TIMEOUT }, async (_name, f) => {
      await scenario({ act: async (w) => void (await w.run(f)) });
    });

    it('conditional-check races: two runs of two processes at once, one takes the lease', { timeout: SCENARIO_TIMEOUT }, async () => {
      const { world } = await scenario({ act: async (w) => void (await Promise.all([w.run(), w.run()])), extraFaults: () => 1 });
      expect(world.runs.slice(0, 2).filter((r) => r.summary?.busy)).toHaveLength(1);
    });

    // How many DynamoDB calls a healthy run makes: a crash is injected at each of them in turn.
    let callsOfARun = 0;
    it('counts the calls of a healthy run (the crash points)', { timeout: SCENARIO_TIMEOUT }, async () => {
      const { world } = await scenario({ act: async (w) => void (await w.run()) });
      callsOfARun = world.runs[0]!.calls.length;
      expect(callsOfARun).toBeGreaterThan(8);
    });

    it('a crash at every DynamoDB call of a run: the next run finishes its batch, nothing lost or counted twice', { timeout: 10 * SCENARIO_TIMEOUT }, async () => {
      for (let at = 1; at <= callsOfARun; at++) {
        await scenario({ expectFailedRuns: true, act: async (w) => void (await w.run([{ kind: 'crash', at }])) }).catch((err: Error) => {
          throw new Error(`crash at call ${at} of ${callsOfARun}: ${JSON.stringify((err as { actual?: unknown }).actual) ?? err.message}`);
        });
      }
    });

    const steps: IngestStep[] = ['leased', 'fetched', 'analysed', 'journal-written', 'mentions-stored', 'counted', 'detected'];
    it.each(steps)('a crash right after the step "%s"', { timeout: SCENARIO_TIMEOUT }, async (step) => {
      await scenario({
        expectFailedRuns: true,
        extraFaults: () => 1,
        act: async (w) => {
          const hooks = { step: async (s: IngestStep) => {
            if (s === step) throw Object.assign(new Error(`killed after ${s}`), { name: 'ProcessKilled' });
          } };
          await w.run([], { hooks });
        },
      });
    });
  });

  describe('SES during escalation', () => {
    it('throttling: each Level is paged once', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => {
        shared.ses.mode.throttleNext = 2;
        await w.run();
      } });
    });

    it('a rejected address: the others are paged, and nobody twice', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => {
        shared.ses.mode.rejected = new Set(['cm@acme.example']);
        await w.run();
      } });
    });

    it('an outage during escalation: the Incident is kept, nobody is paged twice', { timeout: SCENARIO_TIMEOUT }, async () => {
      const { world } = await scenario({ act: async (w) => {
        shared.ses.mode.outage = true;
        await w.run();
        await new Promise((r) => setTimeout(r, 300));
      } });
      expect((await world.incidents()).length).toBeGreaterThan(0);
      const logged = world.logger.lines.filter((l) => l.attributes?.incidentId && l.level !== 'debug' && l.level !== 'info');
      expect(logged.length).toBeGreaterThan(0);
    });
  });

  describe('Lambda', () => {
    it('the same event twice, concurrently', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({ act: async (w) => void (await Promise.all([w.run(), w.run()])), extraFaults: () => 1 });
    });

    it('the same event again after a crash mid-run', { timeout: SCENARIO_TIMEOUT }, async () => {
      await scenario({
        expectFailedRuns: true,
        act: async (w) => {
          await w.run([{ kind: 'crash', at: 6 }]);
          await w.nextRun();
          await w.nextRun();
        },
      });
    });
  });

  describe('Step Functions', () => {
    it('StartExecution for an Incident that already has one is a no-op, and the run goes on', { timeout: SCENARIO_TIMEOUT }, async () => {
      const names = new Set<string>();
      let refused = 0;
      const sfn = await startFakeAws((req) => {
        const { name } = JSON.parse(req.body.toString('utf8')) as { name: string };
        if (names.has(name)) {
          refused++;
          return { status: 400, headers: { 'x-amzn-errortype': 'ExecutionAlreadyExists' }, body: JSON.stringify({ __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${name}'` }) };
        }
        names.add(name);
        return { body: JSON.stringify({ executionArn: `arn:aws:states:eu-west-1:1:execution:m:${name}`, startDate: 1 }) };
      });
      const starter = new SfnFlowStarter({ client: new SFNClient(fakeClientConfig(sfn.endpoint)), stateMachineArn: 'arn:aws:states:eu-west-1:1:stateMachine:m' });
      try {
        expect(await starter.start('acme-outage-1', { incidentId: 'acme-outage-1' })).toBe('started');
        expect(await starter.start('acme-outage-1', { incidentId: 'acme-outage-1' })).toBe('already-started');
        expect(names.size).toBe(1);
        await scenario({ act: async (w) => void (await w.run()), extraFaults: () => refused });
      } finally {
        await sfn.close();
      }
    });

    it('a SendTaskSuccess with a stale token: the acknowledgement holds and the stale answer is logged with the Incident id', { timeout: SCENARIO_TIMEOUT }, async () => {
      const sfn = await startFakeAws(() => ({ status: 400, headers: { 'x-amzn-errortype': 'TaskTimedOut' }, body: JSON.stringify({ __type: 'TaskTimedOut', message: 'Task Timed Out' }) }));
      try {
        const { world } = await scenario({ act: async (w) => void (await w.run()), extraFaults: () => 1 });
        const [incident] = await world.incidents();
        expect(incident).toBeDefined();
        await world.stores.incidents.save({ ...incident!, taskToken: 'stale-token', version: incident!.version + 1 });
        const actions = createIncidentActions({
          incidents: world.stores.incidents,
          callbacks: new SfnFlowCallback({ client: new SFNClient(fakeClientConfig(sfn.endpoint)) }),
          mailer: new RecordingMailer(),
          clock: world.clock,
          logger: world.logger,
          config: shared.config,
        });
        const { incident: after } = await actions.acknowledge(incident!.id, 'cm@acme.example', undefined, { linkNonce: 'n-1' });
        expect(after.status).toBe('acknowledged');
        expect(world.logger.lines.some((l) => l.attributes?.incidentId === incident!.id && /no longer waiting/.test(l.message))).toBe(true);
      } finally {
        await sfn.close();
      }
    });
  });

  it('ends with nothing lost, nothing duplicated, no counter off', () => {
    expect(totals.scenarios).toBeGreaterThan(30);
    expect(totals.faults).toBeGreaterThan(totals.scenarios);
    expect({ lost: totals.lost, duplicated: totals.duplicated, countersOff: totals.countersOff }).toEqual({ lost: 0, duplicated: 0, countersOff: 0 });
  });
});

void SOURCE;
