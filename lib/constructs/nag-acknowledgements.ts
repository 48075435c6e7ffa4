/**
 * cdk-nag AwsSolutions findings that are accepted, each acknowledged on one resource, for one
 * finding id and, for IAM5, the exact wildcard, with the reason a reviewer reads.
 * Findings on resources this project creates directly are acknowledged beside them
 * (report-bucket.ts, crisis-secrets.ts, stack.ts queues); these helpers cover the policies
 * aws-cdk-lib generates.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

export const REASONS = {
  xray: 'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support no resource-level permissions; this "*" is granted for them only.',
  stateMachineLogsAndXray:
    'CloudWatch Logs vended delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray tracing support no resource-level permissions; the log destination is set on the state machine.',
  comprehend: 'Comprehend BatchDetectSentiment / BatchDetectDominantLanguage act on text, not on a resource: AWS defines no resource type for them, so "*" is the only valid Resource.',
  functionVersions: (what: string) =>
    `${what} may invoke this one function, including its versions and aliases (the ":*" suffix); no other function.`,
  reportObjects: 'The weekly-report function may only PutObject, into this one bucket; report keys are per week, so the object part is a wildcard.',
} as const;

/** The IAM5 finding id for a wildcard resource, e.g. `Resource::<LogicalId.Arn>:*`. */
export function arnFinding(construct: IConstruct, suffix: string): string {
  const stack = Stack.of(construct);
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(element)}.Arn>${suffix}]`;
}

/** Acknowledges `id` on the role's generated DefaultPolicy (the resource cdk-nag reports). */
export function acknowledgeOnDefaultPolicy(role: iam.IRole, id: string, reason: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`${role.node.path} has no DefaultPolicy to acknowledge ${id} on`);
  Validations.of(policy).acknowledge({ id, reason });
}

/** A function role whose only wildcard is X-Ray's (test/lib/stack-iam.test.ts keeps it so). */
export function acknowledgeTracing(role: iam.IRole): void {
  acknowledgeOnDefaultPolicy(role, 'AwsSolutions-IAM5[Resource::*]', REASONS.xray);
}

/** A state machine role: logging/X-Ray wildcard, plus the versions of each function it invokes. */
export function acknowledgeStateMachineRole(role: iam.IRole, invoked: readonly lambda.IFunction[]): void {
  acknowledgeOnDefaultPolicy(role, 'AwsSolutions-IAM5[Resource::*]', REASONS.stateMachineLogsAndXray);
  for (const fn of invoked) acknowledgeOnDefaultPolicy(role, arnFinding(fn, ':*'), REASONS.functionVersions('This state machine'));
}
