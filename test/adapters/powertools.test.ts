import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { powertools } from '../../lambdas/adapters/powertools.ts';
import { configDefine, ESBUILD_OPTIONS } from '../../lib/constructs/crisis-function.ts';
import { stackTestConfig } from '../lib/stack-fixture.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

/** Powertools writes JSON lines to stdout through its own console; capture what it prints. */
const captureStdout = () => {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
};

describe('Function: powertools', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('logs structured JSON with the service name and attributes', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    const read = captureStdout();
    const { logger } = powertools('fetch-mentions');
    logger.info('stored', { sourceId: 'blog', count: 2 });
    const entry = read().find((e) => e.message === 'stored');
    expect(entry).toMatchObject({ level: 'INFO', service: 'fetch-mentions', sourceId: 'blog', count: 2 });
  });

  it('emits each count at once as EMF in the CrisisDesk namespace with its dimensions', () => {
    const read = captureStdout();
    const { metrics } = powertools('fetch-mentions');
    metrics.count('MentionsStored', 5, { brand: 'acme' });
    const emf = read().find((e) => 'MentionsStored' in e);
    expect(emf).toMatchObject({ MentionsStored: 5, brand: 'acme', service: 'fetch-mentions' });
    const directive = (emf?._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }).CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('CrisisDesk');
    expect(directive.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'brand']));
  });
});

/**
 * `traced` in a bundle built as the stack builds it, run in a process that looks like Lambda to
 * Powertools and the X-Ray SDK, with a UDP socket on 127.0.0.1 as the X-Ray daemon: the config's
 * `tracing.sdkCalls` decides at synth whether an SDK call becomes a subsegment.
 */
describe('Function: traced (in a bundle)', () => {
  const TRACE_ROOT = '1-5759e988-bd862e3fe1be46a994272793';
  let dir: string;
  let dynamo: FakeAwsServer;
  let daemon: Socket;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-traced-'));
    dynamo = await startFakeAws(() => ({ headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"TableNames":["mentions"]}' }));
    daemon = createSocket('udp4');
    // Each datagram is a JSON header line, then the (sub)segment document.
    daemon.on('message', (msg) => received.push(JSON.parse(msg.toString().split('\n')[1]!) as Record<string, unknown>));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    daemon.close();
    await dynamo.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function runBundle(sdkCalls: boolean) {
    const entry = path.join(dir, 'entry.ts');
    const powertoolsFile = path.resolve(import.meta.dirname, '../../lambdas/adapters/powertools.ts');
    await writeFile(
      entry,
      "import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';\n" +
        `import { traced } from ${JSON.stringify(powertoolsFile)};\n` +
        `const client = traced(new DynamoDBClient(${JSON.stringify(fakeClientConfig(dynamo.endpoint))}));\n` +
        'const { TableNames } = await client.send(new ListTablesCommand({}));\n' +
        "console.log(JSON.stringify({ TableNames, instrumented: client.middlewareStack.identify().some((m) => m.startsWith('XRaySDKInstrumentation')) }));\n",
    );
    const outfile = path.join(dir, sdkCalls ? 'on' : 'off', 'index.mjs');
    const config = stackTestConfig({ tracing: { sdkCalls } });
    const result = await build({ ...ESBUILD_OPTIONS, mainFields: [...ESBUILD_OPTIONS.mainFields], external: [], sourcemap: false, entryPoints: [entry], outfile, nodePaths: [path.resolve(import.meta.dirname, '../../node_modules')], define: configDefine(config), metafile: true, logLevel: 'error' });
    const env = {
      PATH: process.env.PATH,
      AWS_LAMBDA_FUNCTION_NAME: 'fetch-x',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: path.dirname(outfile),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`,
    };
    const { stdout } = await promisify(execFile)(process.execPath, [outfile], { env, cwd: path.dirname(outfile) });
    const inputs = Object.keys(result.metafile.inputs);
    return { out: JSON.parse(stdout) as { TableNames: string[]; instrumented: boolean }, xrayInputs: inputs.filter((f) => /node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//.test(f)) };
  }

  it('sends a subsegment for each SDK call to the X-Ray daemon when tracing.sdkCalls is on', async () => {
    const { out, xrayInputs } = await runBundle(true);
    expect(out).toEqual({ TableNames: ['mentions'], instrumented: true });
    expect(xrayInputs.length).toBeGreaterThan(0);
    expect(received).toContainEqual(expect.objectContaining({ type: 'subsegment', name: 'DynamoDB', trace_id: TRACE_ROOT, aws: expect.objectContaining({ operation: 'ListTables' }) }));
  }, 120_000);

  it('leaves the client as it is, and the Tracer and X-Ray SDK out of the bundle, when it is off', async () => {
    received.length = 0;
    const { out, xrayInputs } = await runBundle(false);
    expect(out).toEqual({ TableNames: ['mentions'], instrumented: false });
    expect(xrayInputs).toEqual([]);
    expect(received).toEqual([]);
  }, 120_000);
});
