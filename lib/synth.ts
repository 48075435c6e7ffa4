/**
 * Builds the CDK app the way bin/app.ts does, and synthesizes the stack in-process with
 * bundling skipped, so the local runtime reads the very ASL the stack deploys (no copy).
 */
import { rmSync } from 'node:fs';
import { App, type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { Config } from '../lambdas/core/config.ts';
import { loadConfigFile } from './config-file.ts';
import { CrisisDeskStack, type CrisisDeskStackProps } from './stack.ts';

export const DEFAULT_STAGE = 'dev';

export type FunctionKey = 'fetchMentions' | 'notifyLevel' | 'escalationStep' | 'incidentAction' | 'incidentPage' | 'weeklyReport';

export interface SynthesizedStack {
  template: Record<string, unknown>;
  escalationStateMachineLogicalId: string;
  reportStateMachineLogicalId: string;
  /** `fetchMentions` is the first source's fetcher ('' when the config has no source); all share one entry file. */
  functionLogicalIds: Record<FunctionKey, string>;
  /** Each source's fetch function, by source id. */
  fetchFunctionLogicalIds: Record<string, string>;
}

export const stackName = (stage: string): string => `CrisisDesk-${stage}`;

const logicalId = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);

/** Synthesizes the stack for `config` without bundling (no esbuild run): for the local runtime and tests. */
export function synthesizeStack(
  config: Config,
  opts: { stage?: string } & Pick<CrisisDeskStackProps, 'handlersDir' | 'tableEncryption'> = {},
): SynthesizedStack {
  const { stage = DEFAULT_STAGE, ...rest } = opts;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CrisisDeskStack(app, stackName(stage), { config, stage, ...rest });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as Record<string, unknown>;
  // The App wrote the assembly to a fresh temp dir; only the template (in memory) is needed.
  rmSync(assembly.directory, { recursive: true, force: true });
  const fetch = Object.fromEntries([...stack.fetchers].map(([id, f]) => [id, logicalId(stack, f.fn)]));
  const { notifyLevel, escalationStep, incidentAction, incidentPage, weeklyReport } = stack.functions;
  return {
    template,
    escalationStateMachineLogicalId: logicalId(stack, stack.escalation.stateMachine),
    reportStateMachineLogicalId: logicalId(stack, stack.report.stateMachine),
    functionLogicalIds: {
      fetchMentions: Object.values(fetch)[0] ?? '',
      notifyLevel: logicalId(stack, notifyLevel),
      escalationStep: logicalId(stack, escalationStep),
      incidentAction: logicalId(stack, incidentAction),
      incidentPage: logicalId(stack, incidentPage),
      weeklyReport: logicalId(stack, weeklyReport),
    },
    fetchFunctionLogicalIds: fetch,
  };
}

export interface CrisisDeskAppOptions {
  /** Path of the config file: required, so nothing is deployed from the example by accident. */
  configPath: string;
  /** @default dev */
  stage?: string;
  /** The app to add the stack to. @default a new App (reads cdk.json context) */
  app?: App;
  /** Run cdk-nag's AwsSolutions pack at synth. @default true */
  nag?: boolean;
}

/**
 * The CDK app of bin/app.ts: loads and validates the config (an invalid one throws ConfigError
 * naming the field), adds the stage's stack and cdk-nag's AwsSolutions checks.
 */
export function createCrisisDeskApp(opts: CrisisDeskAppOptions): { app: App; stack: CrisisDeskStack } {
  const app = opts.app ?? new App();
  const { configPath } = opts;
  const stage = opts.stage ?? DEFAULT_STAGE;
  const config = loadConfigFile(configPath);
  const stack = new CrisisDeskStack(app, stackName(stage), {
    config,
    stage,
    // Env-agnostic unless the CLI knows the account (no credentials needed to synth).
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (opts.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
