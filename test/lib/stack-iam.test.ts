/** Least privilege, proven on the template: what each function's role may do, and on what. */
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStack, type SynthesizedStack } from '../../lib/synth.ts';
import {
  actionsOf,
  granting,
  json,
  resourcesOf,
  resourcesOfStatement,
  statementsOf,
  statementsOfRole,
  stackTestConfig,
  type Statement,
} from './stack-fixture.ts';

/** Synthesis takes seconds alone, much longer on a busy 2-core CI machine. */
const SYNTH_TIMEOUT = 180_000;
let synth: SynthesizedStack;
let t: Record<string, unknown>;
const fn = (key: keyof SynthesizedStack['functionLogicalIds']) => statementsOf(t, synth.functionLogicalIds[key]);
const fetcher = (source: string) => statementsOf(t, synth.fetchFunctionLogicalIds[source]!);
const tableOf = (s: Statement) => json(s.Resource).match(/"Tables(Mentions|Counters|Cursors|Incidents|AnalysisCache)/)?.[1];
/** Table → 'read' | 'readWrite' | 'batchReadWrite', from the DynamoDB statements. */
const tableAccess = (statements: Statement[]) =>
  Object.fromEntries(
    statements
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:BatchWriteItem'))
      .map((s) => [tableOf(s), actionsOf(s).includes('dynamodb:PutItem') ? 'readWrite' : 'read']),
  );
const secretRefs = (statements: Statement[]) => granting(statements, 'secretsmanager:GetSecretValue').flatMap(resourcesOfStatement).map(json);
const stateMachineRef = () => ({ Ref: synth.escalationStateMachineLogicalId });

beforeAll(() => {
  synth = synthesizeStack(stackTestConfig(), { stage: 'dev' });
  t = synth.template;
}, SYNTH_TIMEOUT);

describe('Class: CrisisDeskStack', () => {
  describe('IAM: fetch-mentions (one function per source)', () => {
    it('writes mentions, counters, cursors and incidents, and with Comprehend the analysis cache in batches', () => {
      expect(tableAccess(fetcher('acme-x'))).toEqual({ Mentions: 'readWrite', Counters: 'readWrite', Cursors: 'readWrite', Incidents: 'readWrite', AnalysisCache: 'read' });
    });

    it('batch-writes Mentions and (with Comprehend) the analysis cache only, on the tables themselves', () => {
      const batch = granting(fetcher('acme-x'), 'dynamodb:BatchWriteItem');
      expect(batch.flatMap(resourcesOfStatement).map(json)).toEqual([
        expect.stringMatching(/^\{"Fn::GetAtt":\["TablesMentions[0-9A-F]+","Arn"\]\}$/),
        expect.stringMatching(/^\{"Fn::GetAtt":\["TablesAnalysisCache[0-9A-F]+","Arn"\]\}$/),
      ]);
    });

    it("reads exactly its own source's secret, and a source without one reads none", () => {
      expect(secretRefs(fetcher('acme-x'))).toEqual([expect.stringMatching(/^\{"Ref":"SecretsSourceacmex[0-9A-F]+"\}$/)]);
      expect(secretRefs(fetcher('acme-reddit'))).toEqual([expect.stringMatching(/^\{"Ref":"SecretsSourceacmereddit[0-9A-F]+"\}$/)]);
      expect(secretRefs(fetcher('acme-blog'))).toEqual([]);
      expect(granting(fetcher('acme-x'), 'secretsmanager:GetSecretValue')[0]!.Action).toBe('secretsmanager:GetSecretValue');
    });

    it('starts escalations and completes a waiting task only on the escalation state machine', () => {
      for (const action of ['states:StartExecution', 'states:SendTaskSuccess']) {
        expect(granting(fetcher('acme-blog'), action).map((s) => s.Resource)).toEqual([stateMachineRef()]);
      }
      expect(granting(fetcher('acme-blog'), 'states:SendTaskFailure')).toEqual([]);
    });

    it('calls the Comprehend batch APIs from a policy of their own', () => {
      const comprehend = fetcher('acme-blog').filter((s) => actionsOf(s).some((a) => a.startsWith('comprehend:')));
      expect(comprehend).toHaveLength(1);
      expect(actionsOf(comprehend[0]!).sort()).toEqual(['comprehend:BatchDetectDominantLanguage', 'comprehend:BatchDetectSentiment']);
      expect(comprehend[0]!.policy).toMatch(/^SourceacmeblogComprehend/);
    });

    it('has no Comprehend access, nor the analysis cache, when the lexicon analyser is configured', { timeout: SYNTH_TIMEOUT }, () => {
      const lexicon = synthesizeStack(stackTestConfig({ analyzer: 'lexicon' }), { stage: 'dev' });
      const statements = statementsOf(lexicon.template, lexicon.functionLogicalIds.fetchMentions);
      expect(json(statements)).not.toContain('comprehend:');
      expect(tableAccess(statements)).not.toHaveProperty('AnalysisCache');
    });
  });

  describe('IAM: notify-level', () => {
    it('writes incidents, reads mentions, reads the link secret', () => {
      expect(tableAccess(fn('notifyLevel'))).toEqual({ Incidents: 'readWrite', Mentions: 'read' });
      expect(secretRefs(fn('notifyLevel'))).toEqual([expect.stringMatching(/^\{"Ref":"SecretsLinkSigning[0-9A-F]+"\}$/)]);
    });

    it('sends email only from the configured sender, on its SES identities', () => {
      const [send, ...others] = granting(fn('notifyLevel'), 'ses:SendEmail');
      expect(others).toEqual([]);
      expect(actionsOf(send!).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(send!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'crisis-desk@acme.example' } });
      const identities = json(send!.Resource);
      expect(identities).toContain(':identity/crisis-desk@acme.example"');
      expect(identities).toContain(':identity/acme.example"');
      expect(identities).not.toContain('*');
    });
  });

  describe('IAM: escalation-step', () => {
    it('writes incidents only, and sends no email and reads no secret', () => {
      expect(tableAccess(fn('escalationStep'))).toEqual({ Incidents: 'readWrite' });
      expect(json(fn('escalationStep'))).not.toMatch(/ses:|secretsmanager:|states:/);
    });
  });

  describe('IAM: incident-action', () => {
    it('writes incidents only, reads the link secret, sends as the sender', () => {
      expect(tableAccess(fn('incidentAction'))).toEqual({ Incidents: 'readWrite' });
      // The public function gets and puts single Incidents, and touches no index.
      const dynamo = fn('incidentAction').filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
      expect(json(dynamo)).not.toContain('/index/');
      expect(secretRefs(fn('incidentAction'))).toHaveLength(1);
      expect(granting(fn('incidentAction'), 'ses:SendEmail')[0]!.Condition).toBeDefined();
    });

    it('answers waiting tasks of the escalation state machine only, from a policy the function does not depend on', () => {
      const [answer] = granting(fn('incidentAction'), 'states:SendTaskSuccess');
      expect(actionsOf(answer!).sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
      expect(answer!.Resource).toEqual(stateMachineRef());
      const dependsOn = (resourcesOf(t)[synth.functionLogicalIds.incidentAction] as { DependsOn?: string[] }).DependsOn ?? [];
      expect(dependsOn).not.toContain(answer!.policy);
    });
  });

  describe('IAM: incident-page', () => {
    it('reads only what the page shows: one Incident by key, its posts through byIncident, the brand counters; writes nothing', () => {
      const dynamo = fn('incidentPage').filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
      const grants = Object.fromEntries(dynamo.map((st) => [tableOf(st), { actions: actionsOf(st).sort(), resources: json(st.Resource) }]));
      expect(Object.keys(grants).sort()).toEqual(['Counters', 'Incidents', 'Mentions']);
      expect(grants.Incidents!.actions).toEqual(['dynamodb:GetItem']);
      expect(grants.Incidents!.resources).not.toContain('/index/');
      expect(grants.Mentions!.actions).toEqual(['dynamodb:Query']);
      // The index only: no GetItem, no Query, on the Mentions table itself.
      expect(grants.Mentions!.resources).toMatch(/^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["TablesMentions[0-9A-F]+","Arn"\]\},"\/index\/byIncident"\]\]\}$/);
      expect(grants.Counters!.actions).toEqual(['dynamodb:Query']);
      expect(json(fn('incidentPage'))).not.toMatch(/dynamodb:(Scan|PutItem|UpdateItem|DeleteItem|BatchWriteItem|BatchGetItem)/);
    });

    it('reads the link secret, and sends no email, answers no task, reads no other secret', () => {
      expect(secretRefs(fn('incidentPage'))).toEqual([expect.stringMatching(/^\{"Ref":"SecretsLinkSigning[0-9A-F]+"\}$/)]);
      expect(json(fn('incidentPage'))).not.toMatch(/ses:|states:|s3:|comprehend:/);
    });
  });

  describe('IAM: weekly-report', () => {
    it('reads incidents and counters, and writes neither', () => {
      expect(tableAccess(fn('weeklyReport'))).toEqual({ Incidents: 'read', Counters: 'read' });
    });

    it('may only put objects into the report bucket', () => {
      const s3 = fn('weeklyReport').filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
      expect(s3).toHaveLength(1);
      expect(s3[0]!.Action).toBe('s3:PutObject');
      expect(json(s3[0]!.Resource)).toMatch(/^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["ReportsBucket[0-9A-F]+","Arn"\]\},"\/\*"\]\]\}$/);
    });
  });

  describe('IAM: every role', () => {
    const functionIds = () => [...Object.values(synth.fetchFunctionLogicalIds), ...Object.values(synth.functionLogicalIds)];

    it('never scans, deletes items or uses DynamoDB wildcards', () => {
      for (const id of functionIds()) {
        const text = json(statementsOf(t, id));
        expect(text).not.toMatch(/dynamodb:(Scan|DeleteItem|\*)/);
        if (!Object.values(synth.fetchFunctionLogicalIds).includes(id)) expect(text).not.toContain('dynamodb:BatchWriteItem');
        expect(text).not.toContain('/index/*');
      }
    });

    it('uses Resource "*" only for X-Ray and Comprehend, which have no resource-level permissions', () => {
      for (const id of functionIds()) {
        for (const s of statementsOf(t, id).filter((st) => st.Resource === '*')) {
          const ok = actionsOf(s).every((a) => a.startsWith('xray:Put')) || actionsOf(s).every((a) => a.startsWith('comprehend:BatchDetect'));
          expect(ok, `${id}: ${json(s.Action)}`).toBe(true);
        }
      }
    });

    it('writes logs only to the function log group, with no managed policy', () => {
      for (const id of functionIds()) {
        const logs = statementsOf(t, id).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
        expect(logs).toHaveLength(1);
        expect(json(logs[0]!.Resource)).toMatch(/Logs[0-9A-F]+/);
        const role = (resourcesOf(t)[id]!.Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
        expect(resourcesOf(t)[role]!.Properties!.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('lets each schedule role, assumable only by Scheduler of this account, invoke only its own fetcher', () => {
      for (const [source, fnId] of Object.entries(synth.fetchFunctionLogicalIds)) {
        const schedule = Object.values(resourcesOf(t)).find(
          (r) => r.Type === 'AWS::Scheduler::Schedule' && json(r.Properties!.Target).includes(`"${fnId}"`),
        )!;
        const roleId = (schedule.Properties!.Target as { RoleArn: { 'Fn::GetAtt': [string] } }).RoleArn['Fn::GetAtt'][0];
        expect(json(resourcesOf(t)[roleId]!.Properties!.AssumeRolePolicyDocument)).toContain('"aws:SourceAccount"');
        const invoke = granting(statementsOfRole(t, roleId), 'lambda:InvokeFunction');
        expect(invoke, source).toHaveLength(1);
        expect(json(invoke[0]!.Resource).match(/Source[a-z]+Function[0-9A-F]+/g)!.every((m) => m === fnId)).toBe(true);
      }
    });
  });
});
