/** Builds the four DynamoDB stores on one client: the composition roots (Lambda and local) call this. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableKey } from '../contracts/tables.ts';
import { toDocumentClient } from './dynamo-document.ts';
import { DynamoCounterStore } from './dynamo-counter-store.ts';
import { DynamoCursorStore } from './dynamo-cursor-store.ts';
import { DynamoIncidentStore } from './dynamo-incident-store.ts';
import { DynamoMentionStore } from './dynamo-mention-store.ts';

export interface DynamoStores {
  mentions: DynamoMentionStore;
  counters: DynamoCounterStore;
  cursors: DynamoCursorStore;
  incidents: DynamoIncidentStore;
}

export function createDynamoStores(
  client: DynamoDBClient,
  tableNames: Record<TableKey, string>,
  options: { retentionDays?: number; leaseHolder?: string; takeOverLeases?: boolean } = {},
): DynamoStores {
  const doc = toDocumentClient(client);
  return {
    mentions: new DynamoMentionStore({ tableName: tableNames.mentions, client: doc, retentionDays: options.retentionDays }),
    counters: new DynamoCounterStore({ tableName: tableNames.counters, client: doc }),
    cursors: new DynamoCursorStore({ tableName: tableNames.cursors, client: doc, holder: options.leaseHolder, takeOverOtherHolders: options.takeOverLeases }),
    incidents: new DynamoIncidentStore({ tableName: tableNames.incidents, client: doc }),
  };
}
