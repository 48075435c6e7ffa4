/**
 * Lambda function URL requests and results for the public pages (acknowledge / resolve, incident
 * page): what a page needs from the event, and the page as the URL's answer.
 */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import type { ActionRequest } from '../core/pages/action-controller.ts';
import { SECURITY_HEADERS } from '../core/pages/security-headers.ts';

/** A form is a few KB; anything much larger is not one of ours. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request an action page reads, or undefined for a body no form of ours sends (too big, not urlencoded). */
export function actionRequestOf(event: LambdaFunctionURLEvent): ActionRequest | undefined {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const type = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const isForm = type === 'application/x-www-form-urlencoded';
  if (body.length > MAX_BODY_BYTES || (body.length > 0 && !isForm)) return undefined;
  return {
    method: event.requestContext.http.method,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    form: new URLSearchParams(isForm ? body.toString('utf8') : ''),
    headers: { ...lowerCased(event.headers), host: event.requestContext.domainName ?? event.headers.host },
    // The function URL's own address (AWS sets domainName): where the notices' incident page buttons lead.
    ...(event.requestContext.domainName && { selfUrl: `https://${event.requestContext.domainName}/` }),
  };
}

/** A page as the function URL's answer: the security headers on every page, no body for HEAD. */
export function pageResult(method: string, page: { status: number; html: string; headers?: Record<string, string> }): APIGatewayProxyStructuredResultV2 {
  return { statusCode: page.status, headers: { ...SECURITY_HEADERS, ...page.headers }, body: method.toUpperCase() === 'HEAD' ? '' : page.html };
}

const lowerCased = (headers: Record<string, string | undefined> = {}) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
