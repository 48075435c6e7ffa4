/** Template assertions on the resources that matter: storage, functions, schedules, flows, outputs. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../lambdas/contracts/tables.ts';
import { bindTable, DataTables } from '../../lib/constructs/data-tables.ts';
import { defaultAssetFiles } from '../../lambdas/adapters/chart-renderer.ts';
import { copyPackageFilesCommands } from '../../lib/constructs/crisis-function.ts';
import { HANDLER_SERVICE, REPORT_PACKAGE_FILES } from '../../lib/stack.ts';
import { synthesizeStack, type SynthesizedStack } from '../../lib/synth.ts';
import { json, resourcesOf, stackTestConfig } from './stack-fixture.ts';

/** Synthesis takes seconds alone, much longer on a busy 2-core CI machine. */
const SYNTH_TIMEOUT = 180_000;
let synth: SynthesizedStack;
let template: Template;
const ofType = (type: string) => template.findResources(type);

beforeAll(() => {
  synth = synthesizeStack(stackTestConfig(), { stage: 'dev' });
  template = Template.fromJSON(synth.template);
}, SYNTH_TIMEOUT);

describe('Class: CrisisDeskStack', () => {
  describe('Method: synthesizeStack', () => {
    it('returns the logical ids of the six functions and both state machines', () => {
      const resources = resourcesOf(synth.template);
      for (const id of Object.values(synth.functionLogicalIds)) expect(resources[id]?.Type).toBe('AWS::Lambda::Function');
      expect(Object.keys(synth.fetchFunctionLogicalIds)).toEqual(['acme-blog', 'acme-x', 'acme-reddit']);
      expect(synth.functionLogicalIds.fetchMentions).toBe(synth.fetchFunctionLogicalIds['acme-blog']);
      expect(resources[synth.escalationStateMachineLogicalId]?.Type).toBe('AWS::StepFunctions::StateMachine');
      expect(resources[synth.reportStateMachineLogicalId]?.Type).toBe('AWS::StepFunctions::StateMachine');
    });

    it('references the notify-level and escalation-step functions from the escalation definition', () => {
      const definition = json(resourcesOf(synth.template)[synth.escalationStateMachineLogicalId]!.Properties!.DefinitionString);
      expect(definition).toContain(synth.functionLogicalIds.notifyLevel);
      expect(definition).toContain(synth.functionLogicalIds.escalationStep);
    });
  });

  describe('Tables', () => {
    it('creates one on-demand, encrypted, point-in-time-recoverable table per spec, with no physical name', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(TABLES).length);
      for (const table of Object.values(ofType('AWS::DynamoDB::Table'))) {
        expect(table.Properties).toMatchObject({
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        });
        expect(table.Properties.TableName).toBeUndefined();
      }
    });

    it('expires mentions on the spec TTL attribute and keeps incidents when the stack is deleted', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({ TimeToLiveSpecification: { AttributeName: TABLES.mentions.ttlAttribute, Enabled: true } }),
        DeletionPolicy: 'Delete',
      });
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'byBrandOpenedAt' })]),
        }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });
  });

  describe('Functions', () => {
    it('caps the public action function with reserved concurrency from the config (5 by default, none when false)', { timeout: SYNTH_TIMEOUT }, () => {
      const reserved = (t: Record<string, unknown>, id: string) => resourcesOf(t)[id]!.Properties!.ReservedConcurrentExecutions;
      expect(reserved(synth.template, synth.functionLogicalIds.incidentAction)).toBe(5);
      // A flood of the public URL can use up only this much of the account: fetchers and notifier are not throttled by it.
      expect(reserved(synth.template, synth.functionLogicalIds.notifyLevel)).toBeUndefined();
      const two = synthesizeStack(stackTestConfig({ actionEndpoint: { reservedConcurrency: 2 } }), { stage: 'dev' });
      expect(reserved(two.template, two.functionLogicalIds.incidentAction)).toBe(2);
      const none = synthesizeStack(stackTestConfig({ actionEndpoint: { reservedConcurrency: false } }), { stage: 'dev' });
      expect(reserved(none.template, none.functionLogicalIds.incidentAction)).toBeUndefined();
    });

    it('runs every function on the newest Node runtime, ARM64, traced, logging to its own log group with retention', () => {
      const functions = ofType('AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(8); // 3 fetchers + notify, step, action, page, report
      const logGroups = ofType('AWS::Logs::LogGroup');
      for (const fn of Object.values(functions)) {
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
        const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(30);
        expect(Object.values(HANDLER_SERVICE)).toContain(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME);
        expect(fn.Properties.Environment.Variables).toMatchObject({
          POWERTOOLS_METRICS_NAMESPACE: 'CrisisDesk/dev',
          CRISIS_DESK_STAGE: 'dev',
        });
        // The config is inlined at bundle time, never an environment variable.
        expect(fn.Properties.Environment.Variables.CRISIS_DESK_CONFIG).toBeUndefined();
      }
    });

    it('gives each fetcher its source id and only its own secret', () => {
      const resources = resourcesOf(synth.template);
      const env = (source: string) =>
        (resources[synth.fetchFunctionLogicalIds[source]!]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env('acme-x')).toMatchObject({ SOURCE_ID: 'acme-x', SOURCE_SECRET_ARN: { Ref: expect.stringMatching(/^SecretsSourceacmex/) } });
      expect(env('acme-blog').SOURCE_SECRET_ARN).toBeUndefined();
      expect(json(env('acme-x'))).toContain('ESCALATION_STATE_MACHINE_ARN');
    });

    it('sends failed asynchronous invocations of every function to the on-failure queue, not retrying them', () => {
      const configs = Object.values(ofType('AWS::Lambda::EventInvokeConfig'));
      expect(configs).toHaveLength(8);
      for (const c of configs) {
        expect(c.Properties).toMatchObject({
          MaximumRetryAttempts: 0,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^AsyncFailures/), 'Arn'] } } },
        });
      }
    });

    it('serves the acknowledge endpoint from a function URL with signed links instead of IAM auth', () => {
      template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        TargetFunctionArn: { 'Fn::GetAtt': [synth.functionLogicalIds.incidentAction, 'Arn'] },
      });
      const notifyEnv = json(resourcesOf(synth.template)[synth.functionLogicalIds.notifyLevel]!.Properties!.Environment);
      expect(notifyEnv).toMatch(/"ACTION_BASE_URL":\{"Fn::GetAtt":\["IncidentActionFunctionUrl[0-9A-F]+","FunctionUrl"\]\}/);
    });

    it('serves the incident page from a function URL of its own, linked from the emails of notify-level and incident-action, capped like the action endpoint', { timeout: SYNTH_TIMEOUT }, () => {
      template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        TargetFunctionArn: { 'Fn::GetAtt': [synth.functionLogicalIds.incidentPage, 'Arn'] },
      });
      const env = (key: keyof typeof synth.functionLogicalIds) => json(resourcesOf(synth.template)[synth.functionLogicalIds[key]]!.Properties!.Environment);
      const pageUrl = /"INCIDENT_PAGE_URL":\{"Fn::GetAtt":\["IncidentPageFunctionUrl[0-9A-F]+","FunctionUrl"\]\}/;
      expect(env('notifyLevel')).toMatch(pageUrl);
      expect(env('incidentAction')).toMatch(pageUrl);
      // The page learns the action endpoint from its signed links: no reference back, no cycle.
      expect(env('incidentPage')).not.toContain('ACTION_BASE_URL');
      expect(env('incidentPage')).not.toContain('IncidentAction');
      const reserved = (t: Record<string, unknown>, id: string) => resourcesOf(t)[id]!.Properties!.ReservedConcurrentExecutions;
      expect(reserved(synth.template, synth.functionLogicalIds.incidentPage)).toBe(5);
      const none = synthesizeStack(stackTestConfig({ incidentPage: { reservedConcurrency: false } }), { stage: 'dev' });
      expect(reserved(none.template, none.functionLogicalIds.incidentPage)).toBeUndefined();
    });
  });

  describe('Schedules', () => {
    it('invokes each source fetcher on its own expression, in the configured time zone, with retries and a DLQ', () => {
      const expected = { 'acme-blog': 'rate(15 minutes)', 'acme-x': 'rate(5 minutes)', 'acme-reddit': 'cron(0 * * * ? *)' };
      for (const [source, expression] of Object.entries(expected)) {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: expression,
          ScheduleExpressionTimezone: 'America/New_York',
          State: 'ENABLED',
          Target: Match.objectLike({
            Arn: { 'Fn::GetAtt': [synth.fetchFunctionLogicalIds[source], 'Arn'] },
            Input: JSON.stringify({ sourceId: source }),
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulerDeadLetters'), 'Arn'] } },
          }),
        });
      }
    });

    it('starts the weekly report state machine on the report cron in the configured time zone', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 8 ? * MON *)',
        ScheduleExpressionTimezone: 'America/New_York',
        Target: Match.objectLike({
          Arn: { Ref: synth.reportStateMachineLogicalId },
          Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        }),
      });
    });
  });

  describe('State machines', () => {
    it('logs ALL events of both flows to a log group and traces them with X-Ray', () => {
      for (const id of [synth.escalationStateMachineLogicalId, synth.reportStateMachineLogicalId]) {
        const props = resourcesOf(synth.template)[id]!.Properties!;
        expect(props).toMatchObject({
          StateMachineType: 'STANDARD',
          TracingConfiguration: { Enabled: true },
          LoggingConfiguration: {
            Level: 'ALL',
            Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } }],
          },
        });
      }
    });

    it('retries the weekly report build on task failures and timeouts', () => {
      const definition = json(resourcesOf(synth.template)[synth.reportStateMachineLogicalId]!.Properties!.DefinitionString);
      expect(definition).toContain(synth.functionLogicalIds.weeklyReport);
      expect(definition).toContain('\\"ErrorEquals\\":[\\"States.TaskFailed\\",\\"States.Timeout\\"]');
      expect(definition).toContain('\\"TimeoutSeconds\\":300');
    });
  });

  describe('Report bucket', () => {
    it('blocks public access, encrypts, versions, expires old versions, logs access and is kept on delete', () => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          VersioningConfiguration: { Status: 'Enabled' },
          LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' })] },
          LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: Match.stringLikeRegexp('^ReportsAccessLogs') } }),
        }),
        DeletionPolicy: 'Retain',
      });
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    it('denies every request that is not over TLS, on both buckets', () => {
      const policies = Object.values(ofType('AWS::S3::BucketPolicy'));
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });
  });

  describe('Secrets', () => {
    it('generates the link key and one placeholder per credentialed source, with no value in the template', () => {
      const secrets = Object.values(ofType('AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(3);
      for (const secret of secrets) {
        expect(secret.Properties.GenerateSecretString).toBeDefined();
        expect(secret.Properties.SecretString).toBeUndefined();
        expect(secret.Properties.Name).toBeUndefined();
      }
    });
  });

  describe('Monitoring', () => {
    it('sends alarms to a KMS-encrypted topic subscribed by the configured emails', () => {
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      for (const email of ['oncall@acme.example', 'sre@acme.example'])
        template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email });
      for (const alarm of Object.values(ofType('AWS::CloudWatch::Alarm')))
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    });

    it('alarms on errors of every function', () => {
      const errorAlarms = Object.values(ofType('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === 'Errors');
      const watched = errorAlarms.map((a) => a.Properties.Dimensions[0].Value.Ref).sort();
      expect(watched).toEqual(Object.keys(ofType('AWS::Lambda::Function')).sort());
    });

    it('alarms when a source fails three runs in a row, per source, on the Powertools metric', () => {
      for (const [source, period] of [['acme-blog', 900], ['acme-x', 300], ['acme-reddit', 3600]] as const) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'CrisisDesk/dev',
          MetricName: 'SourceFailures',
          // Exactly what lambdas/core/run-source.ts emits through the fetch handler's Powertools.
          Dimensions: [{ Name: 'service', Value: 'fetch-mentions' }, { Name: 'source', Value: source }],
          Period: period,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 3,
          Threshold: 1,
        });
      }
    });

    it('alarms when a usually busy rate source goes quiet, by anomaly detection', () => {
      const quiet = Object.values(ofType('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.ComparisonOperator === 'LessThanLowerThreshold');
      const sources = quiet.map((a) => json(a.Properties.Metrics).match(/"source","Value":"([a-z-]+)"/)?.[1]).sort();
      expect(sources).toEqual(['acme-blog', 'acme-x']); // the cron source has no cadence to miss
      expect(json(quiet[0]!.Properties.Metrics)).toContain('ANOMALY_DETECTION_BAND');
    });

    it('alarms on failed escalations, a failed report and any message in a dead-letter queue', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('failed') })]),
        AlarmDescription: Match.stringLikeRegexp('escalation execution failed'),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('weekly report') });
      for (const queue of ['SchedulerDeadLetters', 'AsyncFailures']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${queue}`), 'QueueName'] } }],
          Threshold: 1,
        });
      }
    });

    it('keeps the dead-letter queues encrypted and TLS-only', () => {
      for (const queue of Object.values(ofType('AWS::SQS::Queue'))) expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      for (const policy of Object.values(ofType('AWS::SQS::QueuePolicy')))
        expect(json(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    });

    it('draws the dashboard of issue 7', () => {
      const body = json(Object.values(ofType('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
      for (const title of ['Mentions fetched per source', 'Negative share', 'Open incidents', 'Escalation executions', 'Function errors'])
        expect(body).toContain(title);
    });
  });

  describe('Outputs', () => {
    it('names the ack endpoint, dashboard, report bucket, each secret to fill in and what to run by hand', () => {
      const outputs = Object.keys(template.findOutputs('*'));
      expect(outputs).toEqual(
        expect.arrayContaining([
          'AckEndpoint', 'DashboardUrl', 'ReportBucketName', 'AlarmTopicArn', 'WeeklyReportStateMachineArn',
          'SourceSecretacmex', 'SourceSecretacmereddit', 'FetchFunctionacmeblog',
        ]),
      );
      expect(json(template.findOutputs('SourceSecretacmex'))).toContain('put-secret-value');
    });
  });
});

describe('Class: DataTables', () => {
  it('encrypts every table with one rotating customer key and grants it with the table', () => {
    const stack = new Stack(new App());
    const tables = new DataTables(stack, 'Tables', { encryption: 'customer-managed' });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'i.h', code: lambda.Code.fromInline('export const h = 1') });
    bindTable(fn, tables, 'counters', 'read');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.allResourcesProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() } });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:Decrypt' })]) },
    });
  });

  describe('Method: bindTable', () => {
    it('sets the spec env var and grants reads without Scan on the table and its named indexes', () => {
      const stack = new Stack(new App());
      const tables = new DataTables(stack, 'Tables');
      const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'i.h', code: lambda.Code.fromInline('export const h = 1') });
      bindTable(fn, tables, 'incidents', 'read');
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [TABLES.incidents.envVar]: { Ref: Match.stringLikeRegexp('^TablesIncidents') } } },
      });
      const policy = json(Object.values(t.findResources('AWS::IAM::Policy'))[0]);
      expect(policy).toContain('/index/byBrandOpenedAt');
      expect(policy).toContain('/index/byFingerprint');
      expect(policy).not.toContain('/index/*');
      expect(policy).not.toMatch(/dynamodb:(Scan|PutItem|DeleteItem)/);
    });
  });
});

describe('Class: CrisisFunction', () => {
  describe('Method: copyPackageFilesCommands', () => {
    it('copies each file and its package.json below node_modules of the bundle', () => {
      expect(copyPackageFilesCommands('/src', '/out', ['@resvg/resvg-wasm/index_bg.wasm', 'plain/a/b.ttf'])).toEqual([
        'mkdir -p "/out/node_modules/@resvg/resvg-wasm" && cp "/src/node_modules/@resvg/resvg-wasm/package.json" "/out/node_modules/@resvg/resvg-wasm/package.json"',
        'mkdir -p "/out/node_modules/plain" && cp "/src/node_modules/plain/package.json" "/out/node_modules/plain/package.json"',
        'mkdir -p "/out/node_modules/@resvg/resvg-wasm" && cp "/src/node_modules/@resvg/resvg-wasm/index_bg.wasm" "/out/node_modules/@resvg/resvg-wasm/index_bg.wasm"',
        'mkdir -p "/out/node_modules/plain/a" && cp "/src/node_modules/plain/a/b.ttf" "/out/node_modules/plain/a/b.ttf"',
      ]);
    });
  });

  it("ships exactly the files the weekly report's chart renderer reads at run time", () => {
    const { fontFiles, wasmFile } = defaultAssetFiles();
    const belowNodeModules = [wasmFile, ...fontFiles].map((f) => f.slice(f.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect([...REPORT_PACKAGE_FILES].sort()).toEqual(belowNodeModules.sort());
  });
});

describe('Import sources', () => {
  it('get no fetcher and no schedule: their file lives where the CLI runs, not in a Lambda', () => {
    const config = stackTestConfig();
    const brand = config.sources[0]!.brand;
    config.sources.push({ id: 'crm-export', kind: 'import', brand, path: 'exports/crm.csv', format: 'csv', columns: {}, schedule: 'rate(1 hour)', maxPages: 5 });
    const synthesized = synthesizeStack(config, { stage: 'imports' });
    expect(Object.keys(synthesized.fetchFunctionLogicalIds)).not.toContain('crm-export');
    expect(JSON.stringify(synthesized.template)).not.toContain('crm-export');
  }, 120_000);
});
