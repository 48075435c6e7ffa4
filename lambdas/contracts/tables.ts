/**
 * The DynamoDB tables, described once: the CDK stack creates them from this and the local
 * runtime creates the same tables in the embedded server, so the two cannot drift.
 */

export type AttributeType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: AttributeType;
}

export interface IndexSpec {
  indexName: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
}

export interface TableSpec {
  /** Logical name: the CDK construct id and the local table name. */
  name: string;
  /** The handler environment variable that carries the physical table name. */
  envVar: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  indexes: IndexSpec[];
  ttlAttribute?: string;
}

export const TABLES = {
  mentions: {
    name: 'Mentions',
    envVar: 'MENTIONS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        indexName: 'byIncident',
        partitionKey: { name: 'incidentId', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
    ],
    ttlAttribute: 'expiresAt',
  },
  counters: {
    name: 'Counters',
    envVar: 'COUNTERS_TABLE',
    partitionKey: { name: 'brand', type: 'S' },
    sortKey: { name: 'bucketStart', type: 'S' },
    indexes: [],
  },
  cursors: {
    name: 'Cursors',
    envVar: 'CURSORS_TABLE',
    partitionKey: { name: 'sourceId', type: 'S' },
    indexes: [],
  },
  incidents: {
    name: 'Incidents',
    envVar: 'INCIDENTS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        indexName: 'byBrandOpenedAt',
        partitionKey: { name: 'brand', type: 'S' },
        sortKey: { name: 'openedAt', type: 'S' },
      },
      {
        indexName: 'byFingerprint',
        partitionKey: { name: 'openFingerprint', type: 'S' },
      },
    ],
  },
  /**
   * Analyses of texts already paid for, by a hash of the normalised text (never the text): a
   * retweet of yesterday's complaint is not sent to Comprehend again while its item lives.
   */
  analysisCache: {
    name: 'AnalysisCache',
    envVar: 'ANALYSIS_CACHE_TABLE',
    partitionKey: { name: 'textHash', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof TABLES;
