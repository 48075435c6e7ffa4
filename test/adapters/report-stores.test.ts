import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderReportStore, ReportKeyError } from '../../lambdas/adapters/folder-report-store.ts';
import { S3ReportStore } from '../../lambdas/adapters/s3-report-store.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

describe('Class: S3ReportStore', () => {
  let server: FakeAwsServer;
  let client: S3Client;

  beforeAll(async () => {
    server = await startFakeAws(() => ({ headers: { etag: '"abc"' } }));
    client = new S3Client({ ...fakeClientConfig(server.endpoint), forcePathStyle: true });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  describe('Method: put', () => {
    it('puts the object under the prefix with its content type and returns the s3:// URL', async () => {
      const store = new S3ReportStore({ client, bucket: 'reports-bucket', prefix: 'weekly/' });
      const url = await store.put('2025-W10/acme.html', '<h1>Week 10</h1>', 'text/html; charset=utf-8');
      expect(url).toBe('s3://reports-bucket/weekly/2025-W10/acme.html');
      const req = server.requests.at(-1)!;
      expect(req.method).toBe('PUT');
      expect(req.url.split('?')[0]).toBe('/reports-bucket/weekly/2025-W10/acme.html');
      expect(req.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(req.body.toString()).toBe('<h1>Week 10</h1>');
    });

    it('returns an https URL under the public base when one is given', async () => {
      const store = new S3ReportStore({ client, bucket: 'b', publicBaseUrl: 'https://reports.example.com/' });
      expect(await store.put('2025 W10.html', 'x', 'text/html')).toBe('https://reports.example.com/2025%20W10.html');
    });

    it('returns the S3 console address of the object when a console region is given', async () => {
      const store = new S3ReportStore({ client, bucket: 'b', prefix: 'reports/', consoleRegion: 'eu-west-1' });
      expect(await store.put('2026-11-16/index.html', 'x', 'text/html')).toBe(
        'https://eu-west-1.console.aws.amazon.com/s3/object/b?region=eu-west-1&prefix=reports%2F2026-11-16%2Findex.html',
      );
    });
  });
});

describe('Class: FolderReportStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'reports-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe('Method: put', () => {
    it('writes the file in sub-folders and returns its absolute path', async () => {
      const store = new FolderReportStore({ dir });
      const file = await store.put('2025-W10/acme.html', '<h1>Week</h1>', 'text/html');
      expect(file).toBe(path.join(dir, '2025-W10', 'acme.html'));
      expect(await readFile(file, 'utf8')).toBe('<h1>Week</h1>');
      const bin = await store.put('chart.png', Uint8Array.from([1, 2, 3]), 'image/png');
      expect([...(await readFile(bin))]).toEqual([1, 2, 3]);
    });

    it.each(['../escape.html', '/etc/passwd', 'a/../../b', ''])('refuses the key %j', async (key) => {
      await expect(new FolderReportStore({ dir }).put(key, 'x', 'text/plain')).rejects.toBeInstanceOf(ReportKeyError);
    });
  });
});
