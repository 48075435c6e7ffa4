/** Shared plumbing of the Dynamo stores: one document client, conditional-failure test, paged Query. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export type DynamoClientLike = DynamoDBClient | DynamoDBDocumentClient;

export const toDocumentClient = (client: DynamoClientLike): DynamoDBDocumentClient =>
  client instanceof DynamoDBDocumentClient
    ? client
    : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Drops undefined fields (deeply), whatever marshall options a passed-in document client has. */
export const withoutUndefined = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const isConditionalCheckFailed = (err: unknown): boolean =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';

/**
 * Runs a Query across all its pages and yields each item, stopping after `limit` items.
 * `pageSize` sets the per-call Limit (tests use a small one to force several pages).
 */
export async function* queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: { limit?: number; pageSize?: number } = {},
): AsyncGenerator<Record<string, unknown>> {
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let startKey: Record<string, unknown> | undefined;
  do {
    const pageLimit = Math.min(remaining, options.pageSize ?? Number.POSITIVE_INFINITY);
    const page = await doc.send(
      new QueryCommand({
        ...input,
        ...(Number.isFinite(pageLimit) && { Limit: pageLimit }),
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      if (remaining <= 0) return;
      remaining -= 1;
      yield item;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && remaining > 0);
}
