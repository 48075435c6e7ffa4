/** Stages side by side in one account and region, and a bad config or stage failing synth. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/core/config.ts';
import { createCrisisDeskApp, stackName } from '../../lib/synth.ts';
import { resourcesOf, STACK_TEST_CONFIG } from './stack-fixture.ts';

const SYNTH_TIMEOUT = 180_000;
const tmp = mkdtempSync(path.join(tmpdir(), 'crisis-desk-stages-'));
const app = () => new App({ outdir: mkdtempSync(path.join(tmp, 'out-')), context: { 'aws:cdk:bundling-stacks': [] } });

/** Properties that set a physical name: two stages with the same literal one would clash (a Ref is fine). */
const NAME_PROPERTIES = [
  'TableName', 'BucketName', 'FunctionName', 'RoleName', 'PolicyName', 'QueueName', 'TopicName', 'Name',
  'StateMachineName', 'LogGroupName', 'AlarmName', 'DashboardName', 'SecretName', 'AliasName',
];

describe('Stages', () => {
  let templates: Record<string, Record<string, unknown>>;

  beforeAll(() => {
    const shared = app();
    for (const stage of ['dev', 'prod']) {
      createCrisisDeskApp({ app: shared, configPath: 'config/example.yaml', stage, nag: false });
    }
    const assembly = shared.synth();
    templates = Object.fromEntries(['dev', 'prod'].map((s) => [s, assembly.getStackByName(stackName(s)).template as Record<string, unknown>]));
  }, SYNTH_TIMEOUT);

  it('synthesizes dev and prod side by side as two stacks', () => {
    expect(Object.keys(resourcesOf(templates.dev!)).length).toBeGreaterThan(50);
    expect(Object.keys(resourcesOf(templates.prod!))).toEqual(Object.keys(resourcesOf(templates.dev!)));
  });

  it('emits and alarms on each stage\'s metrics in its own namespace, so one stage never trips the other\'s alarms', () => {
    for (const stage of ['dev', 'prod']) {
      const resources = Object.values(resourcesOf(templates[stage]!)) as { Type: string; Properties?: Record<string, unknown> }[];
      const namespaces = new Set(
        resources
          .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && typeof r.Properties?.Namespace === 'string' && String(r.Properties.Namespace).startsWith('CrisisDesk'))
          .map((r) => r.Properties!.Namespace),
      );
      expect(namespaces).toEqual(new Set([`CrisisDesk/${stage}`]));
      const envs = resources
        .filter((r) => r.Type === 'AWS::Lambda::Function')
        .map((r) => (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_METRICS_NAMESPACE);
      expect(new Set(envs)).toEqual(new Set([`CrisisDesk/${stage}`]));
    }
  });

  it('sets no physical name on any resource, so nothing clashes', () => {
    for (const template of Object.values(templates)) {
      for (const [id, resource] of Object.entries(resourcesOf(template))) {
        // A PolicyName of an inline policy is scoped to its role, not to the account.
        const named = NAME_PROPERTIES.filter(
          (p) => typeof resource.Properties?.[p] === 'string' && !(p === 'PolicyName' && resource.Type === 'AWS::IAM::Policy'),
        );
        expect(named, `${id} (${resource.Type})`).toEqual([]);
      }
    }
  });

  it('tells each function its stage', () => {
    for (const stage of ['dev', 'prod']) {
      const functions = Object.values(resourcesOf(templates[stage]!)).filter((r) => r.Type === 'AWS::Lambda::Function');
      for (const f of functions) expect(JSON.stringify(f.Properties!.Environment)).toContain(`"CRISIS_DESK_STAGE":"${stage}"`);
    }
  });
});

describe('Function: createCrisisDeskApp', () => {
  it('fails synth with the path of the bad field and why', () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(file, stringify({ ...STACK_TEST_CONFIG, sources: [{ ...STACK_TEST_CONFIG.sources![0], brand: 'nobody' }] }));
    expect(() => createCrisisDeskApp({ app: app(), configPath: file, nag: false })).toThrow(/sources\.0\.brand: unknown brand "nobody"/);
    try {
      createCrisisDeskApp({ app: app(), configPath: file, nag: false });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
    }
  });

  it('names a missing config file', () => {
    expect(() => createCrisisDeskApp({ app: app(), configPath: path.join(tmp, 'absent.yaml'), nag: false })).toThrow(/cannot read .*absent\.yaml/);
  });

  it('refuses a stage that cannot be part of a stack name', () => {
    expect(() => createCrisisDeskApp({ app: app(), configPath: 'config/example.yaml', stage: 'Prod_1', nag: false })).toThrow(/stage "Prod_1" is invalid/);
  });
});
