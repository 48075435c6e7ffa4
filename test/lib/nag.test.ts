/**
 * cdk-nag's AwsSolutions pack over the whole app: a new finding that nobody acknowledged
 * (with a reason, on its resource) fails this test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createCrisisDeskApp } from '../../lib/synth.ts';
import { STACK_TEST_CONFIG } from './stack-fixture.ts';

const SYNTH_TIMEOUT = 180_000;
const tmp = mkdtempSync(path.join(tmpdir(), 'crisis-desk-nag-'));

/** An app with cdk-nag attached, bundling skipped, writing to a temp dir. */
function nagApp(configPath: string) {
  const app = new App({ outdir: mkdtempSync(path.join(tmp, 'out-')), context: { 'aws:cdk:bundling-stacks': [] } });
  return createCrisisDeskApp({ app, configPath, stage: 'nag' });
}

function quietly<T>(run: () => T): T {
  // A failed validation prints its whole report; the assertion below says what matters.
  const log = console.error;
  console.error = () => {};
  try {
    return run();
  } finally {
    console.error = log;
  }
}

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected synth to fail');
}

describe('cdk-nag AwsSolutions', () => {
  it('passes with no unacknowledged finding on the example config', { timeout: SYNTH_TIMEOUT }, () => {
    const { app } = nagApp('config/example.yaml');
    expect(() => app.synth()).not.toThrow();
  });

  it('passes with credentialed sources and Comprehend', { timeout: SYNTH_TIMEOUT }, () => {
    const file = path.join(tmp, 'sources.yaml');
    writeFileSync(file, stringify(STACK_TEST_CONFIG));
    const { app } = nagApp(file);
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth on a new finding, so this suite would catch one', { timeout: SYNTH_TIMEOUT }, () => {
    const { app, stack } = nagApp('config/example.yaml');
    // No DLQ (SQS3), and no TLS-only policy (SQS4).
    new sqs.Queue(stack, 'Careless', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(() => quietly(() => app.synth())).toThrow(/AwsSolutions-SQS3[\s\S]*AwsSolutions-SQS4/);
  });

  it('silences only the acknowledged finding id, on its resource', { timeout: SYNTH_TIMEOUT }, () => {
    const { app, stack } = nagApp('config/example.yaml');
    const queue = new sqs.Queue(stack, 'Careless', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS4', reason: 'test: acknowledged so only SQS3 remains' });
    const message = failureOf(() => quietly(() => app.synth()));
    expect(message).toContain('CrisisDesk-nag/Careless/Resource');
    expect(message).toContain('AwsSolutions-SQS3');
    expect(message).not.toContain('AwsSolutions-SQS4');
  });
});
