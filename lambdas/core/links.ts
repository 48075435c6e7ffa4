/**
 * Signed, expiring action links for escalation emails: an HMAC-SHA256 token bound to the
 * Incident, the action and the recipient, so a link can neither be forged nor reused for
 * another Incident, action or person. Core takes no clock or randomness: `now` and the
 * nonce come from the caller (or the nonce is derived deterministically).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_ACTIONS = ['acknowledge', 'resolve', 'snooze'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  incidentId: string;
  action: LinkAction;
  /** The Owner's email the link was sent to: the actor when it is used. */
  recipient: string;
  /** ISO time after which the link is refused. */
  expiresAt: string;
  /** Makes each link unique, so a used link can be refused (single use). */
  nonce: string;
}

export type LinkRejection = 'forged' | 'expired' | 'malformed' | 'reused';

/** A link that cannot be honoured. `reason` maps to the page's status (403/410/400/409). */
export class InvalidLinkError extends Error {
  constructor(
    readonly reason: LinkRejection,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidLinkError';
  }
}

export interface LinkSigner {
  /** Returns an URL-safe token (base64url payload "." base64url HMAC). */
  sign(claims: LinkClaims): string;
  /** Returns the claims of a genuine, unexpired token; throws InvalidLinkError otherwise. */
  verify(token: string, now: Date): LinkClaims;
}

/** Default validity of an action link. */
export const LINK_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** Tokens longer than this are refused before any work (a URL of a few hundred bytes is normal). */
const MAX_TOKEN_LENGTH = 2048;
const MIN_SECRET_LENGTH = 16;
const VERSION = 1;

/** The signed payload, with short keys to keep links short. */
interface WirePayload {
  v: number;
  i: string;
  a: LinkAction;
  r: string;
  e: string;
  n: string;
}

export function createLinkSigner(secret: string): LinkSigner {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`link secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const mac = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

  return {
    sign(claims) {
      const wire: WirePayload = { v: VERSION, i: claims.incidentId, a: claims.action, r: claims.recipient, e: claims.expiresAt, n: claims.nonce };
      const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },

    verify(token, now) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
        throw new InvalidLinkError('malformed', 'the link is incomplete or damaged');
      const parts = token.split('.');
      const [payload, signature] = parts;
      if (parts.length !== 2 || !payload || !signature || !isBase64Url(payload) || !isBase64Url(signature))
        throw new InvalidLinkError('malformed', 'the link is incomplete or damaged');
      const expected = mac(payload);
      const given = Buffer.from(signature, 'base64url');
      // Compare in constant time; a length mismatch is a forgery as well.
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidLinkError('forged', 'the link was not issued by crisis-desk');
      const claims = decode(payload);
      const expiresAt = Date.parse(claims.expiresAt);
      if (!(expiresAt > now.getTime())) throw new InvalidLinkError('expired', `the link expired at ${claims.expiresAt}`);
      return claims;
    },
  };
}

/** A nonce derived from what makes a link unique, for callers that have no randomness to give. */
export function deriveNonce(incidentId: string, action: LinkAction, recipient: string, issuedAt: Date): string {
  return createHash('sha256')
    .update(JSON.stringify([incidentId, action, recipient, issuedAt.toISOString()]))
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

export interface ActionLinks {
  acknowledge: string;
  resolve: string;
  snooze: string;
}

export interface ActionLinkOptions {
  /** How long the links stay valid; default 7 days. */
  validityMs?: number;
  /** A random nonce (per email); each action's nonce is derived from it. Default: derived from the inputs. */
  nonce?: string;
}

/** The three signed links of one escalation email: `<baseUrl>?t=<token>`. */
export function buildActionLinks(
  baseUrl: string,
  signer: LinkSigner,
  incidentId: string,
  recipient: string,
  now: Date,
  options: ActionLinkOptions = {},
): ActionLinks {
  const expiresAt = new Date(now.getTime() + (options.validityMs ?? LINK_VALIDITY_MS)).toISOString();
  const link = (action: LinkAction): string => {
    const nonce = options.nonce ? `${options.nonce}-${action[0]}` : deriveNonce(incidentId, action, recipient, now);
    const url = new URL(baseUrl);
    url.searchParams.set('t', signer.sign({ incidentId, action, recipient, expiresAt, nonce }));
    return url.toString();
  };
  return { acknowledge: link('acknowledge'), resolve: link('resolve'), snooze: link('snooze') };
}

function isBase64Url(s: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(s);
}

function decode(payload: string): LinkClaims {
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidLinkError('malformed', 'the link is incomplete or damaged');
  }
  // A correctly signed payload of an unknown shape is still refused (for example a future version).
  if (!isWire(wire)) throw new InvalidLinkError('malformed', 'the link is of an unknown kind');
  return { incidentId: wire.i, action: wire.a, recipient: wire.r, expiresAt: wire.e, nonce: wire.n };
}

function isWire(x: unknown): x is WirePayload {
  if (typeof x !== 'object' || x === null) return false;
  const w = x as Record<string, unknown>;
  return (
    w.v === VERSION &&
    typeof w.i === 'string' && w.i.length > 0 &&
    typeof w.a === 'string' && (LINK_ACTIONS as readonly string[]).includes(w.a) &&
    typeof w.r === 'string' && w.r.length > 0 &&
    typeof w.e === 'string' && !Number.isNaN(Date.parse(w.e)) &&
    typeof w.n === 'string' && w.n.length > 0
  );
}
