/** The embedded DynamoDB: dynalite in memory on 127.0.0.1, with every table of lambdas/contracts/tables.ts. */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { Level } from 'level';
import { TABLES, type TableKey } from '../../lambdas/contracts/tables.ts';
import { createTables } from './create-tables.ts';

export interface EmbeddedDynamo {
  client: DynamoDBClient;
  tableNames: Record<TableKey, string>;
  endpoint: string;
  stop(): Promise<void>;
}

/** Boots an in-memory dynalite on a free port and creates the tables; `stop()` closes both. */
/** The folder's LevelDB is open in another process: dynalite would fail later with an uncaught "Database is closed". */
export class DatabaseFolderInUseError extends Error {
  constructor(readonly path: string, options?: { cause?: unknown }) {
    super(`the local database ${path} is in use by another process; stop it first`, options);
    this.name = 'DatabaseFolderInUseError';
  }
}

/** Opens and closes the folder's LevelDB once: it fails at once where another process holds it. */
async function probe(path: string): Promise<void> {
  const db = new Level(path);
  try {
    await db.open();
  } catch (err) {
    throw new DatabaseFolderInUseError(path, { cause: err });
  }
  await db.close();
}

export async function startEmbeddedDynamo(options: { tablePrefix?: string; path?: string } = {}): Promise<EmbeddedDynamo> {
  if (options.path) await probe(options.path);
  // createTableMs 0: tables are ACTIVE at once, so no waiter is needed. A `path` keeps the data
  // on disk (LevelDB) so that local commands share state between runs.
  const server = dynalite({ createTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    // Any credentials do: dynalite does not check signatures.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const stop = async () => {
    client.destroy();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  };
  try {
    const tableNames = await createTables(client, TABLES, options.tablePrefix);
    return { client, tableNames, endpoint, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
