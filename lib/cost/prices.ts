/**
 * Public list prices the `cost` command multiplies usage by: one region, one date, each with
 * where it was read. On-demand prices, no Savings Plans or negotiated discounts; the
 * always-free tiers that do not expire are listed separately (FREE_TIERS).
 */

export const PRICE_REGION = 'us-east-1 (US East, N. Virginia)';
/** When the prices below were looked up. */
export const PRICES_AS_OF = '2026-12-01';

export interface Price {
  usd: number;
  /** What one `usd` buys. */
  per: string;
  /** Where the figure was read (the AWS pricing page first). */
  source: string;
}

export const PRICES = {
  comprehendUnit: {
    usd: 0.0001,
    per: 'Comprehend unit: 100 characters, at least 3 units per document per API (first tier, up to 10M units a month)',
    source: 'aws.amazon.com/comprehend/pricing (unit and minimum); cloudzero.com/blog/amazon-comprehend-pricing ($0.0001 a unit)',
  },
  dynamoWriteUnit: {
    usd: 0.625 / 1e6,
    per: 'DynamoDB on-demand write request unit (1 KB)',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand; airbyte.com/data-engineering-resources/dynamodb-pricing (after the November 2024 cut)',
  },
  dynamoReadUnit: {
    usd: 0.125 / 1e6,
    per: 'DynamoDB on-demand read request unit (4 KB strongly consistent, 8 KB eventually)',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand; airbyte.com/data-engineering-resources/dynamodb-pricing',
  },
  dynamoStorageGbMonth: { usd: 0.25, per: 'DynamoDB Standard table storage, GB-month', source: 'aws.amazon.com/dynamodb/pricing/on-demand (not re-read in this lookup)' },
  dynamoPitrGbMonth: { usd: 0.2, per: 'DynamoDB point-in-time recovery, GB-month', source: 'aws.amazon.com/dynamodb/pricing/on-demand (not re-read in this lookup)' },
  lambdaGbSecondArm: { usd: 0.0000133334, per: 'Lambda duration, GB-second, arm64', source: 'aws.amazon.com/lambda/pricing' },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'Lambda request', source: 'aws.amazon.com/lambda/pricing' },
  stepFunctionsTransition: { usd: 0.025 / 1000, per: 'Step Functions Standard state transition', source: 'aws.amazon.com/step-functions/pricing' },
  schedulerInvocation: { usd: 1 / 1e6, per: 'EventBridge Scheduler invocation', source: 'cloudburn.io/blog/amazon-eventbridge-pricing (Scheduler $1.00 per million)' },
  sesEmail: { usd: 0.1 / 1000, per: 'SES outbound email', source: 'aws.amazon.com/ses/pricing; aws.amazon.com/ses/faqs' },
  sesAttachmentGb: { usd: 0.12, per: 'SES attachments, GB', source: 'aws.amazon.com/ses/pricing (a billing report at $0.44 for 3.70 GB: superuser.com/q/1399690)' },
  s3StorageGbMonth: { usd: 0.023, per: 'S3 Standard storage, GB-month', source: 'aws.amazon.com/s3/pricing; cloudburn.io/blog/amazon-s3-pricing' },
  s3Put: { usd: 0.005 / 1000, per: 'S3 PUT request', source: 'aws.amazon.com/s3/pricing (not re-read in this lookup)' },
  cloudwatchLogsIngestGb: { usd: 0.5, per: 'CloudWatch Logs ingestion, GB', source: 'aws.amazon.com/cloudwatch/pricing; factualminds.com CloudWatch pricing' },
  cloudwatchLogsStorageGbMonth: { usd: 0.03, per: 'CloudWatch Logs storage, GB-month', source: 'aws.amazon.com/cloudwatch/pricing (not re-read in this lookup)' },
  cloudwatchMetric: { usd: 0.3, per: 'CloudWatch custom metric (one name + dimension set), month', source: 'aws.amazon.com/cloudwatch/pricing; signoz.io/guides/cloudwatch-pricing' },
  cloudwatchAlarm: { usd: 0.1, per: 'CloudWatch standard-resolution alarm metric, month (anomaly detection alarms count 3)', source: 'aws.amazon.com/cloudwatch/pricing' },
  cloudwatchDashboard: { usd: 3, per: 'CloudWatch dashboard, month', source: 'aws.amazon.com/cloudwatch/pricing; factualminds.com CloudWatch pricing' },
  secret: { usd: 0.4, per: 'Secrets Manager secret, month', source: 'hivebook.wiki AWS Secrets Manager ($0.40 a secret, $0.05 per 10k calls)' },
  secretCall: { usd: 0.05 / 10_000, per: 'Secrets Manager API call', source: 'hivebook.wiki AWS Secrets Manager' },
  xrayTrace: { usd: 5 / 1e6, per: 'X-Ray trace recorded', source: 'aws.amazon.com/xray/pricing' },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

/** Always-free monthly allowances (they do not expire after 12 months), in the price's unit. */
export const FREE_TIERS: Partial<Record<PriceKey, number>> = {
  lambdaRequest: 1_000_000,
  lambdaGbSecondArm: 400_000,
  stepFunctionsTransition: 4_000,
  schedulerInvocation: 14_000_000,
  cloudwatchLogsIngestGb: 5,
  cloudwatchMetric: 10,
  cloudwatchAlarm: 10,
  cloudwatchDashboard: 3,
  xrayTrace: 100_000,
};
