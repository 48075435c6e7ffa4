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

/**
 * A read-only link to the incident page: bound to the Incident and the recipient like an action
 * link, valid longer (config incidentPage.linkDays) and never used up. `actionsUrl` is the action
 * endpoint the page's buttons lead to (the one the recipient's own emails use), signed with it so
 * nobody can point the buttons elsewhere.
 */
export interface ViewClaims {
  incidentId: string;
  action: 'view';
  recipient: string;
  expiresAt: string;
  nonce: string;
  actionsUrl?: string;
}

/** What a token may carry: an action link's claims or a view link's. */
export type SignedClaims = LinkClaims | ViewClaims;

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
  sign(claims: SignedClaims): string;
  /** Returns the claims of a genuine, unexpired token; throws InvalidLinkError otherwise. */
  verify(token: string, now: Date): SignedClaims;
}

/** Default validity of an action link. */
export const LINK_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** Default validity of a view link (config incidentPage.linkDays). */
export const VIEW_LINK_DAYS = 30;
/** Tokens longer than this are refused before any work (a URL of a few hundred bytes is normal). */
const MAX_TOKEN_LENGTH = 2048;
const MIN_SECRET_LENGTH = 16;
const VERSION = 1;

/** The signed payload, with short keys to keep links short. */
interface WirePayload {
  v: number;
  i: string;
  a: LinkAction | 'view';
  r: string;
  e: string;
  n: string;
  /** View links only: the action endpoint. */
  u?: string;
}

export function createLinkSigner(secret: string): LinkSigner {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`link secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const mac = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

  return {
    sign(claims) {
      const wire: WirePayload = {
        v: VERSION, i: claims.incidentId, a: claims.action, r: claims.recipient, e: claims.expiresAt, n: claims.nonce,
        ...(claims.action === 'view' && claims.actionsUrl && { u: claims.actionsUrl }),
      };
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
export function deriveNonce(incidentId: string, action: LinkAction | 'view', recipient: string, issuedAt: Date): string {
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

/**
 * The incident page link of one email: `<pageUrl>?t=<token>`, valid `linkDays`, for the recipient,
 * its buttons leading to `actionsUrl`.
 */
export function buildViewLink(
  pageUrl: string,
  signer: LinkSigner,
  incidentId: string,
  recipient: string,
  now: Date,
  options: { linkDays?: number; actionsUrl?: string } = {},
): string {
  const expiresAt = new Date(now.getTime() + (options.linkDays ?? VIEW_LINK_DAYS) * 24 * 60 * 60 * 1000).toISOString();
  const url = new URL(pageUrl);
  const nonce = deriveNonce(incidentId, 'view', recipient, now);
  url.searchParams.set('t', signer.sign({ incidentId, action: 'view', recipient, expiresAt, nonce, ...(options.actionsUrl && { actionsUrl: options.actionsUrl }) }));
  return url.toString();
}

function isBase64Url(s: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(s);
}

function decode(payload: string): SignedClaims {
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidLinkError('malformed', 'the link is incomplete or damaged');
  }
  // A correctly signed payload of an unknown shape is still refused (for example a future version).
  if (!isWire(wire)) throw new InvalidLinkError('malformed', 'the link is of an unknown kind');
  const common = { incidentId: wire.i, recipient: wire.r, expiresAt: wire.e, nonce: wire.n };
  return wire.a === 'view' ? { ...common, action: 'view', ...(wire.u && { actionsUrl: wire.u }) } : { ...common, action: wire.a };
}

function isWire(x: unknown): x is WirePayload {
  if (typeof x !== 'object' || x === null) return false;
  const w = x as Record<string, unknown>;
  return (
    w.v === VERSION &&
    typeof w.i === 'string' && w.i.length > 0 &&
    typeof w.a === 'string' && ([...LINK_ACTIONS, 'view'] as readonly string[]).includes(w.a) &&
    (w.u === undefined || (w.a === 'view' && typeof w.u === 'string' && /^https?:\/\/[^\s]+$/.test(w.u))) &&
    typeof w.r === 'string' && w.r.length > 0 &&
    typeof w.e === 'string' && !Number.isNaN(Date.parse(w.e)) &&
    typeof w.n === 'string' && w.n.length > 0
  );
}
