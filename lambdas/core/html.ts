/**
 * HTML by tagged template: every interpolation is escaped unless it is already SafeHtml,
 * so raw HTML is the explicit exception (`raw`) and forgetting to escape cannot happen.
 */
import { stripInvisible } from './text.ts';

/** A fragment of HTML that is safe to insert as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM): they can reorder what a reader sees. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** C0/C1 controls except tab and newline, and the Unicode line/paragraph separators. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;

/** Removes characters that can hide or reorder text (zero-width ones, soft hyphens); keeps emoji, accents and newlines. */
export function cleanText(s: string): string {
  return stripInvisible(s).replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
}

/**
 * The six characters that can end a text or an attribute value, as `he.escape` writes them (the
 * backtick too: old browsers took it for a quote). A table of six, not the 85 KB entity library
 * every function that renders HTML would otherwise bundle.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return cleanText(s).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** `html\`<p>${text}</p>\`` escapes `text`; nested `html` fragments and arrays of them are kept. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** The explicit exception: trusted, constant markup (e.g. Outlook conditional comments). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** An http(s) URL fit for an href, or undefined (javascript:, data: and the like are dropped). */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** One header line: no CR/LF or other controls, collapsed spaces, bounded length. */
export function headerSafe(s: string, max = 200): string {
  const flat = cleanText(s).replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
