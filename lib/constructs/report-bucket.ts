/**
 * The weekly report archive: private, TLS-only, encrypted, versioned, with its own access
 * log bucket. Reports are the organisation's record, so the bucket outlives the stack.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ReportBucketProps {
  /**
   * Days an overwritten or deleted report version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogDays?: number;
}

export class ReportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportBucketProps = {}) {
    super(scope, id);
    // Log delivery through a bucket policy, not the legacy LogDeliveryWrite ACL (ACLs stay disabled).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const secure = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      autoDeleteObjects: false,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      // Server access logging delivers only to SSE-S3 buckets; versions add nothing to append-only logs.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays ?? 365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log destination of the report bucket; logging it too would only log the log delivery.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [
        {
          id: 'expire-old-report-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
