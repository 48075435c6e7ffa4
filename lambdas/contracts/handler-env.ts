/**
 * Names of the environment variables the stack sets on the functions, beside the table
 * variables named in tables.ts. Plain constants (no CDK import), so a handler can
 * import them too. Values are ARNs, names and URLs, never secrets.
 */
export const HANDLER_ENV = {
  /** Escalation state machine ARN (fetch-mentions starts executions and raises severity). */
  escalationStateMachineArn: 'ESCALATION_STATE_MACHINE_ARN',
  /** ARN of the Secrets Manager secret holding the link-signing key. */
  linkSecretArn: 'LINK_SECRET_ARN',
  /** ARN of this fetch function's source secret (set only when the source names `secret`). */
  sourceSecretArn: 'SOURCE_SECRET_ARN',
  /** The source this fetch function serves: an event for another source is refused. */
  sourceId: 'SOURCE_ID',
  /** Base URL of the acknowledge/resolve endpoint (Lambda function URL) for signed links. */
  actionBaseUrl: 'ACTION_BASE_URL',
  /** URL of the incident page (its own Lambda function URL), linked from every escalation, reminder and notice email. */
  incidentPageUrl: 'INCIDENT_PAGE_URL',
  /** Bucket the weekly report archive is written to. */
  reportBucket: 'REPORT_BUCKET',
  /** Deployment stage (dev, prod ...): in logs and email subjects. */
  stage: 'CRISIS_DESK_STAGE',
} as const;
