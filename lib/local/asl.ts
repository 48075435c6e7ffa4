/**
 * Turns a synthesized state machine's `DefinitionString` (Fn::Join of strings, Ref AWS::Partition,
 * Fn::GetAtt [LogicalId, Arn], Ref of anything) into plain ASL JSON. Every reference becomes a
 * placeholder that carries the logical id, so the local runtime maps each Lambda task back to
 * its function. The ASL always comes from the template: there is no hand-written copy.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export const LOCAL_REGION = 'local-1';
export const LOCAL_ACCOUNT = '000000000000';

/** The placeholder ARN of a Lambda function with this logical id. */
export const localFunctionArn = (logicalId: string): string =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;

/** The logical id in a placeholder function ARN, or undefined for any other string. */
export function logicalIdOfArn(arn: string): string | undefined {
  const prefix = localFunctionArn('');
  return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
}

/** The logical id CloudFormation knows a construct by (a Function's is that of its CfnFunction). */
export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

export class UnsupportedTemplateValueError extends Error {
  constructor(value: unknown) {
    super(`cannot resolve template value ${JSON.stringify(value)} to a string`);
    this.name = 'UnsupportedTemplateValueError';
  }
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
};

/** Resolves one template value (a string or an intrinsic function) to a string. */
export function resolveTemplateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const [fn, arg] = entries[0] ?? [];
    if (entries.length === 1) {
      if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1]))
        return (arg[1] as unknown[]).map(resolveTemplateString).join(arg[0]);
      if (fn === 'Ref' && typeof arg === 'string') return PSEUDO[arg] ?? localFunctionArn(arg);
      // Only Arn is asked of functions in a definition; any other attribute still carries the id.
      if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string')
        return arg[1] === 'Arn' ? localFunctionArn(arg[0]) : `${arg[0]}.${String(arg[1])}`;
    }
  }
  throw new UnsupportedTemplateValueError(value);
}

/** A CloudFormation template as JSON (from `Template.fromStack(...).toJSON()` or cdk.out). */
export interface TemplateJson {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/**
 * The ASL of the state machine `logicalId` in the template (the only one when omitted), as JSON.
 * Throws when the template holds none, or several and no logical id says which.
 */
export function aslFromTemplate(template: TemplateJson, logicalId?: string): Record<string, unknown> {
  const machines = Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  const found = logicalId ? machines.filter(([id]) => id === logicalId) : machines;
  if (found.length !== 1)
    throw new Error(
      `expected one state machine${logicalId ? ` named ${logicalId}` : ''} in the template, found ${found.map(([id]) => id).join(', ') || 'none'}`,
    );
  const definition = found[0]![1].Properties?.DefinitionString;
  return JSON.parse(resolveTemplateString(definition)) as Record<string, unknown>;
}
