/**
 * The config the stack tests synthesize: three sources (a public feed, two credentialed APIs,
 * one on a cron), Comprehend on, a non-UTC time zone, two alarm recipients.
 */
import { parseConfig, type Config, type ConfigInput } from '../../lambdas/core/config.ts';

export const STACK_TEST_CONFIG: ConfigInput = {
  sender: 'crisis-desk@acme.example',
  timeZone: 'America/New_York',
  analyzer: 'comprehend',
  retentionDays: 30,
  brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'] }],
  sources: [
    { id: 'acme-blog', kind: 'rss', brand: 'acme', url: 'https://blog.acme.example/feed/', schedule: 'rate(15 minutes)' },
    { id: 'acme-x', kind: 'x', brand: 'acme', query: 'acme air', secret: 'x-api', schedule: 'rate(5 minutes)' },
    { id: 'acme-reddit', kind: 'reddit', brand: 'acme', query: 'acme air', secret: 'reddit', schedule: 'cron(0 * * * ? *)' },
  ],
  owners: [
    { id: 'community', name: 'Community', email: 'community@acme.example' },
    { id: 'lead', name: 'Support lead', email: 'lead@acme.example' },
  ],
  escalationPolicies: [
    { id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['community'], timeoutMinutes: 15 }, { owners: ['lead'], timeoutMinutes: 30 }] },
  ],
  report: { recipients: ['leadership@acme.example'], schedule: 'cron(0 8 ? * MON *)' },
  alarms: { emails: ['oncall@acme.example', 'sre@acme.example'] },
};

export const stackTestConfig = (patch: Partial<ConfigInput> = {}): Config => parseConfig({ ...STACK_TEST_CONFIG, ...patch }, 'test config');

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}
type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;

export const resourcesOf = (template: Record<string, unknown>): Resources => template.Resources as Resources;

/** The logical id of a function's execution role. */
export function roleOf(template: Record<string, unknown>, functionLogicalId: string): string {
  const role = resourcesOf(template)[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined;
  if (!role) throw new Error(`no function ${functionLogicalId}`);
  return role['Fn::GetAtt'][0];
}

/** Every statement of every IAM policy attached to the role, with the policy's logical id. */
export function statementsOfRole(template: Record<string, unknown>, roleLogicalId: string): (Statement & { policy: string })[] {
  return Object.entries(resourcesOf(template))
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties!.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleLogicalId))
    .flatMap(([id, r]) => ((r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement).map((s) => ({ ...s, policy: id })));
}

export const statementsOf = (template: Record<string, unknown>, functionLogicalId: string) =>
  statementsOfRole(template, roleOf(template, functionLogicalId));

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOfStatement = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
/** The statements granting `action`. */
export const granting = <S extends Statement>(statements: S[], action: string): S[] => statements.filter((s) => actionsOf(s).includes(action));
export const json = (value: unknown): string => JSON.stringify(value);
