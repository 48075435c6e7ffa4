import { SESv2Client } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../lambdas/adapters/ses-mailer.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content: { Raw: { Data: string } };
  ConfigurationSetName?: string;
}

describe('Class: SesMailer', () => {
  let server: FakeAwsServer;
  let client: SESv2Client;

  beforeAll(async () => {
    // SES v2 is a REST JSON API: POST /v2/email/outbound-emails.
    server = await startFakeAws(() => ({ headers: { 'content-type': 'application/json' }, body: '{"MessageId":"m-1"}' }));
    client = new SESv2Client(fakeClientConfig(server.endpoint));
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  describe('Method: send', () => {
    it('sends the MIME message as Content.Raw, with the configuration set', async () => {
      const mailer = new SesMailer({ client, configurationSet: 'crisis-desk', clock: { now: () => new Date('2025-03-03T10:00:00Z') } });
      await mailer.send({
        from: 'desk@example.com',
        to: ['ann@example.com'],
        subject: 'Level 1: Acme outage',
        text: 'plain',
        html: '<p>html <img src="cid:c1"></p>',
        attachments: [{ id: 'c1', filename: 'c.png', contentType: 'image/png', content: Uint8Array.from([137, 80, 78, 71]) }],
      });
      const req = server.requests.at(-1)!;
      expect([req.method, req.url]).toEqual(['POST', '/v2/email/outbound-emails']);
      const body = JSON.parse(req.body.toString()) as SendEmailBody;
      expect(body.FromEmailAddress).toBe('desk@example.com');
      expect(body.Destination?.ToAddresses).toEqual(['ann@example.com']);
      expect(body.ConfigurationSetName).toBe('crisis-desk');
      const parsed = await simpleParser(Buffer.from(body.Content.Raw.Data, 'base64'), { keepCidLinks: true });
      expect(parsed.subject).toBe('Level 1: Acme outage');
      expect(parsed.date?.toISOString()).toBe('2025-03-03T10:00:00.000Z');
      expect(parsed.html).toContain('cid:c1');
      expect(parsed.attachments[0]?.cid).toBe('c1');
    });

    it('leaves the configuration set out when none is given', async () => {
      await new SesMailer({ client }).send({ from: 'd@example.com', to: ['a@example.com'], subject: 's', text: 't', html: 'h' });
      expect(JSON.parse(server.requests.at(-1)!.body.toString())).not.toHaveProperty('ConfigurationSetName');
    });
  });
});
