/**
 * Fire drills: a marked test Incident through the real escalation, locally (the synthesized flow,
 * the outbox, the pages served) and as the deployed flow opens it (the escalation-step's Start
 * on the embedded DynamoDB). A drill never counts in the weekly report.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../../lambdas/adapters/console-logger.ts';
import { createDynamoStores } from '../../../lambdas/adapters/dynamo-stores.ts';
import { parseConfig } from '../../../lambdas/core/config.ts';
import { checkDrill, DrillRequestError } from '../../../lambdas/core/drill.ts';
import { runEscalationStep, type FlowState } from '../../../lambdas/core/escalation-step.ts';
import { aslFromTemplate } from '../../../lib/local/asl.ts';
import { runLocalDrill, type DrillEvent } from '../../../lib/local/drill.ts';
import { startEmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import { synthesizeStack } from '../../../lib/synth.ts';

const config = parseConfig({
  sender: 'desk@acme.example',
  timeZone: 'UTC',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'] }],
  owners: [
    { id: 'maya', name: 'Maya Ortiz', email: 'maya@acme.example' },
    { id: 'sam', name: 'Sam Okafor', email: 'sam@acme.example' },
  ],
  escalationPolicies: [
    { id: 'major', severities: ['SEV1', 'SEV2'], levels: [{ owners: ['maya'], timeoutMinutes: 30 }, { owners: ['sam'], timeoutMinutes: 30 }] },
    { id: 'minor', severities: ['SEV3'], levels: [{ owners: ['sam'], timeoutMinutes: 60 }] },
  ],
  report: { recipients: ['boss@acme.example'] },
});

describe('Fire drill', () => {
  it('runs the real escalation locally on a marked test Incident, which the weekly report never counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drill-'));
    const events: DrillEvent[] = [];
    const stop = new AbortController();
    const drill = runLocalDrill({
      config, dir, port: 0, request: { severity: 'SEV1' }, signal: stop.signal, pollMs: 50, flowTimeScale: 1 / 60,
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'emailed') stop.abort();
      },
    });
    const incident = await drill;
    expect(incident).toMatchObject({ drill: true, severity: 'SEV1', brand: 'acme', level: 1, notified: ['maya@acme.example'] });
    expect(incident.id).toMatch(/^drill-acme-\d{12}$/);
    const page = events.find((e): e is Extract<DrillEvent, { kind: 'emailed' }> => e.kind === 'emailed')!;
    expect(page.to).toEqual(['maya@acme.example']);
    expect(page.subject).toMatch(/^\[FIRE DRILL\] \[SEV1\] Acme Air: test incident/);
    const eml = (await readdir(join(dir, 'outbox'))).find((f) => f.endsWith('.eml'))!;
    expect(await readFile(join(dir, 'outbox', eml), 'utf8')).toMatch(/FIRE DRILL/);

    // The report of the week the drill ran in does not count it.
    const runtime = await startLocalRuntime({ config, dir, persist: true, logger: new ConsoleLogger({ quiet: true }) });
    try {
      expect((await runtime.journal!.get(incident.id))?.status).toBe('RUNNING');
      const report = await runtime.weeklyReport(new Date().toISOString().slice(0, 10), { send: false });
      const json = await readFile(report.json!, 'utf8');
      expect(json).not.toContain(incident.id);
      expect(JSON.parse(json)).toBeTypeOf('object');
    } finally {
      await runtime.stop();
    }
  }, 90_000);

  it('refuses an unknown brand', () => {
    expect(() => checkDrill(config, { brand: 'nope' })).toThrow(DrillRequestError);
    expect(checkDrill(config, {})).toEqual({ brand: 'acme', severity: 'SEV2', theme: 'other' });
  });

  it('opens the drill Incident from the deployed flow\'s input, once, and plans its first page', async () => {
    const dynamo = await startEmbeddedDynamo();
    try {
      const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
      const deps = { config, incidents: stores.incidents, clock: { now: () => new Date('2026-11-16T09:00:00Z') }, logger: new ConsoleLogger({ quiet: true }) };
      const request = { op: 'plan' as const, incidentId: 'drill-acme-202611160900', execution: { drill: { brand: 'acme', severity: 'SEV3' as const } } };
      const state = (await runEscalationStep(deps, request)) as FlowState;
      expect(state).toMatchObject({ incidentId: 'drill-acme-202611160900', status: 'open', position: { level: 1 }, timeoutSeconds: 3600 });
      await runEscalationStep(deps, request);
      expect(await stores.incidents.get('drill-acme-202611160900')).toMatchObject({ drill: true, severity: 'SEV3', version: 1 });
      await expect(runEscalationStep(deps, { ...request, incidentId: 'acme-outage-1' })).rejects.toThrow(/must start with "drill-"/);
    } finally {
      await dynamo.stop();
    }
    // The deployed Start passes the whole execution input to that step.
    const synthesized = synthesizeStack(config);
    const asl = aslFromTemplate(synthesized.template as never, synthesized.escalationStateMachineLogicalId) as { States: Record<string, { Parameters?: { Payload?: Record<string, unknown> } }> };
    expect(asl.States.Start!.Parameters!.Payload).toMatchObject({ op: 'plan', 'incidentId.$': '$.incidentId', 'execution.$': '$' });
  }, 60_000);
});
