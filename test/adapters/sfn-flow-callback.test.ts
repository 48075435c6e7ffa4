import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowTaskGoneError, SfnFlowCallback } from '../../lambdas/adapters/sfn-flow-callback.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

describe('Class: SfnFlowCallback', () => {
  let server: FakeAwsServer;
  let client: SFNClient;
  let callback: SfnFlowCallback;

  beforeAll(async () => {
    // Tokens name the answer the fake gives, so each test picks its error.
    server = await startFakeAws((req) => {
      const { taskToken } = JSON.parse(req.body.toString()) as { taskToken: string };
      const headers = { 'content-type': 'application/x-amz-json-1.0' };
      if (taskToken.startsWith('err:')) {
        return { status: 400, headers, body: JSON.stringify({ __type: taskToken.slice(4), message: 'Task Timed Out' }) };
      }
      return { status: 200, headers, body: '{}' };
    });
    client = new SFNClient(fakeClientConfig(server.endpoint));
    callback = new SfnFlowCallback({ client });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  describe('Method: succeed', () => {
    it('sends SendTaskSuccess with the output as JSON', async () => {
      await callback.succeed('tok-1', { acknowledgedBy: 'ann@example.com' });
      const req = server.requests.at(-1)!;
      expect(req.headers['x-amz-target']).toBe('AWSStepFunctions.SendTaskSuccess');
      expect(JSON.parse(req.body.toString())).toEqual({ taskToken: 'tok-1', output: '{"acknowledgedBy":"ann@example.com"}' });
    });

    it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('maps %s to FlowTaskGoneError without the token', async (type) => {
      const err = await callback.succeed(`err:${type}`, {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FlowTaskGoneError);
      expect((err as FlowTaskGoneError).reason).toBe(type);
      expect((err as Error).message).not.toContain('err:');
    });

    it('passes other errors through', async () => {
      await expect(callback.succeed('err:ThrottlingException', {})).rejects.toMatchObject({ name: 'ThrottlingException' });
    });
  });

  describe('Method: fail', () => {
    it('sends SendTaskFailure with error and cause cut to the Step Functions limits', async () => {
      await callback.fail('tok-2', 'E'.repeat(300), 'c'.repeat(40_000));
      const req = server.requests.at(-1)!;
      expect(req.headers['x-amz-target']).toBe('AWSStepFunctions.SendTaskFailure');
      const body = JSON.parse(req.body.toString()) as { error: string; cause: string };
      expect(body.error).toHaveLength(256);
      expect(body.cause).toHaveLength(32_768);
    });
  });
});
