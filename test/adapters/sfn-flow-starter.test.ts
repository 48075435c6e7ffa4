import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionName, SfnFlowStarter } from '../../lambdas/adapters/sfn-flow-starter.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Escalation';
const json = (status: number, body: unknown) => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify(body),
});

describe('Class: SfnFlowStarter', () => {
  let server: FakeAwsServer;
  let client: SFNClient;
  const names = new Set<string>();

  beforeAll(async () => {
    // Speaks the Step Functions JSON 1.0 protocol: a repeat name is ExecutionAlreadyExists.
    server = await startFakeAws((req) => {
      const { name, stateMachineArn } = JSON.parse(req.body.toString()) as { name: string; stateMachineArn: string };
      if (stateMachineArn === ARN && req.headers['x-amz-target'] === 'AWSStepFunctions.StartExecution') {
        if (names.has(name)) return json(400, { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${name}'` });
        names.add(name);
        return json(200, { executionArn: `${ARN.replace('stateMachine', 'execution')}:${name}`, startDate: 1741000000 });
      }
      return json(400, { __type: 'AccessDeniedException', message: 'not allowed' });
    });
    client = new SFNClient(fakeClientConfig(server.endpoint));
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  describe('Method: start', () => {
    it('starts an execution named after the Incident id with the input as JSON', async () => {
      const starter = new SfnFlowStarter({ client, stateMachineArn: ARN });
      expect(await starter.start('INC-2025-03-03-acme-outage', { incidentId: 'INC-2025-03-03-acme-outage', level: 1 })).toBe('started');
      const req = server.requests.at(-1)!;
      expect(req.headers['x-amz-target']).toBe('AWSStepFunctions.StartExecution');
      expect(JSON.parse(req.body.toString())).toEqual({
        stateMachineArn: ARN,
        name: 'INC-2025-03-03-acme-outage',
        input: JSON.stringify({ incidentId: 'INC-2025-03-03-acme-outage', level: 1 }),
      });
    });

    it('reports a repeat start of the same Incident as already-started', async () => {
      const starter = new SfnFlowStarter({ client, stateMachineArn: ARN });
      expect(await starter.start('INC-repeat', {})).toBe('started');
      expect(await starter.start('INC-repeat', {})).toBe('already-started');
    });

    it('passes other errors through', async () => {
      const starter = new SfnFlowStarter({ client, stateMachineArn: `${ARN}-denied` });
      await expect(starter.start('INC-denied', {})).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });
  });
});

describe('Function: executionName', () => {
  it('keeps a valid id as it is', () => {
    expect(executionName('INC-2025_03-acme')).toBe('INC-2025_03-acme');
    expect(executionName('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('turns other characters into a valid, deterministic name of at most 80 characters', () => {
    const name = executionName('acme#billing/2025-03-03T10:00:00Z');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name).toBe(executionName('acme#billing/2025-03-03T10:00:00Z'));
    expect(name.startsWith('acme_billing_2025-03-03T10_00_00Z-')).toBe(true);
  });

  it('gives different names to ids that only differ in replaced characters or beyond 80 characters', () => {
    expect(executionName('a#b')).not.toBe(executionName('a/b'));
    const long = 'x'.repeat(100);
    expect(executionName(long)).toHaveLength(80);
    expect(executionName(long)).not.toBe(executionName(`${long}y`));
    expect(executionName('')).toMatch(/^-[0-9a-f]{16}$/);
  });
});
