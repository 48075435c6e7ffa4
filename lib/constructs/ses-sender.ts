/**
 * Permission to send email as the configured sender and nobody else: SendEmail/SendRawEmail
 * on the sender's SES identities only, and only with that From address.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The identities SES may authorize a send from `sender` against: the address itself and its
 * domain (whichever of the two the engineer verified).
 */
export function senderIdentityArns(stack: Stack, sender: string): string[] {
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  return [sender, domain].map((name) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
  );
}

export function grantSendAs(fn: lambda.Function, sender: string): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee: fn,
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resourceArns: senderIdentityArns(Stack.of(fn), sender),
    conditions: { StringEquals: { 'ses:FromAddress': sender } },
  });
}
