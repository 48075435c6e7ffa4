/**
 * The DynamoDB tables, one Table per spec in lambdas/contracts/tables.ts (the local runtime creates the
 * same ones), and `bindTable`, which gives a function the table's env var and its grant in
 * one call so the two cannot drift.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TABLES, type KeySpec, type TableKey, type TableSpec } from '../../lambdas/contracts/tables.ts';

export type TableEncryption = 'aws-managed' | 'customer-managed';

export interface DataTablesProps {
  /**
   * `customer-managed` creates one KMS key (rotation on) for all tables, for accounts whose
   * policy requires keys they control.
   * @default 'aws-managed'
   */
  readonly encryption?: TableEncryption;
}

/**
 * Incidents and counters are the history the weekly report and post-mortems read: kept when the
 * stack is deleted. Mentions hold strangers' personal data and cursors are rebuilt on the
 * next run: deleted with the stack.
 */
const REMOVAL: Record<TableKey, RemovalPolicy> = {
  mentions: RemovalPolicy.DESTROY,
  counters: RemovalPolicy.RETAIN,
  cursors: RemovalPolicy.DESTROY,
  incidents: RemovalPolicy.RETAIN,
  // Rebuilt by the next runs that meet the same texts.
  analysisCache: RemovalPolicy.DESTROY,
};

const attribute = (key: KeySpec): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

export class DataTables extends Construct {
  readonly tables: Readonly<Record<TableKey, dynamodb.Table>>;
  /** The customer-managed key, when `encryption` is `customer-managed`. */
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, props: DataTablesProps = {}) {
    super(scope, id);
    if (props.encryption === 'customer-managed') {
      this.key = new kms.Key(this, 'Key', {
        description: 'crisis-desk DynamoDB tables',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    const tables = {} as Record<TableKey, dynamodb.Table>;
    for (const [key, spec] of Object.entries(TABLES) as [TableKey, TableSpec][]) {
      tables[key] = this.createTable(spec, REMOVAL[key]);
    }
    this.tables = tables;
  }

  private createTable(spec: TableSpec, removalPolicy: RemovalPolicy): dynamodb.Table {
    // No tableName: CloudFormation names it, so two stages deploy side by side.
    const table = new dynamodb.Table(this, spec.name, {
      partitionKey: attribute(spec.partitionKey),
      sortKey: spec.sortKey && attribute(spec.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: this.key ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: spec.ttlAttribute,
      removalPolicy,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}

/**
 * `itemReadWrite`: single items by key only (GetItem, PutItem), and no index. `itemRead`: GetItem
 * only. `query`: Query on the table's keys only. `indexQuery`: Query on the named indexes only.
 */
export type TableAccess = 'read' | 'readWrite' | 'itemReadWrite' | 'itemRead' | 'query' | 'indexQuery';

/**
 * The calls the stores make (lambdas/adapters/dynamo-*-store.ts): no Scan (no hot path scans),
 * no DeleteItem (items expire by TTL or are kept), no transactions (dynalite has none).
 * BatchWriteItem is granted apart, on a table only (the fetchers' Mentions and analysis cache).
 */
export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  readWrite: [
    'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
    'dynamodb:PutItem', 'dynamodb:UpdateItem',
  ],
  itemReadWrite: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  itemRead: ['dynamodb:GetItem'],
  query: ['dynamodb:Query'],
  indexQuery: ['dynamodb:Query'],
};

/**
 * Sets the function's env var named in the table spec and grants exactly `access` on the
 * table and its named indexes (no `index/*` wildcard).
 */
export function bindTable(
  fn: lambda.Function,
  tables: DataTables,
  key: TableKey,
  access: TableAccess,
  options: { batchWrite?: boolean; /** indexQuery: the indexes it may query. */ indexes?: readonly string[] } = {},
): void {
  const table = tables.tables[key];
  const spec: TableSpec = TABLES[key];
  fn.addEnvironment(spec.envVar, table.tableName);
  const indexArns = (names: readonly string[]) => names.map((name) => `${table.tableArn}/index/${name}`);
  const all = spec.indexes.map((index) => index.indexName);
  const unknown = (options.indexes ?? []).filter((name) => !all.includes(name));
  if (unknown.length) throw new Error(`table ${spec.name} has no index ${unknown.join(', ')}`);
  const resourceArns =
    access === 'indexQuery'
      ? indexArns(options.indexes ?? all)
      : access === 'itemReadWrite' || access === 'itemRead' || access === 'query'
        ? [table.tableArn]
        : [table.tableArn, ...indexArns(all)];
  iam.Grant.addToPrincipal({ grantee: fn, actions: [...TABLE_ACTIONS[access]], resourceArns });
  // Batched writes of whole items (MentionStore.putMany): on the table, never an index.
  if (options.batchWrite) iam.Grant.addToPrincipal({ grantee: fn, actions: ['dynamodb:BatchWriteItem'], resourceArns: [table.tableArn] });
  if (tables.key) {
    if (['read', 'itemRead', 'query', 'indexQuery'].includes(access) && !options.batchWrite) tables.key.grantDecrypt(fn);
    else tables.key.grantEncryptDecrypt(fn);
  }
}
