/**
 * The email frame and its parts: table layout and inline CSS only, because Outlook renders
 * with Word and Gmail drops <style> blocks in some clients. Every text goes through `html`.
 */
import { html, raw, type SafeHtml } from '../html.ts';

export const FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
export const COLORS = {
  text: '#1d2939',
  muted: '#475467',
  border: '#d0d5dd',
  panel: '#f2f4f7',
  page: '#eaecf0',
  link: '#1849a9',
} as const;

/** Severity colours, each with white text at a contrast above 4.5:1. */
export const SEVERITY_COLORS: Record<string, string> = { SEV1: '#b42318', SEV2: '#b54708', SEV3: '#175cd3' };

/** The document start: doctype, head, title. */
function emailHead(title: string, extra: SafeHtml = raw('')): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>${title}</title>
${raw('<!--[if mso]><style>table,td,a,p,h1,h2,h3{font-family:Arial,sans-serif !important;}</style><![endif]-->')}
${extra}
</head>`;
}

/** The frame every email shares (escalations, notices, the weekly report): a white card on a grey page. */
export function emailDocument(input: {
  title: string;
  preheader: string;
  body: SafeHtml;
  footer: SafeHtml;
  /** Card width in pixels. @default 640 */
  width?: number;
  /** Padding around the card: narrow keeps more of a phone's width for the content. @default '24px 12px' */
  padding?: string;
  /** Extra head content, e.g. a phone-width <style>. */
  headExtra?: SafeHtml;
}): string {
  const width = input.width ?? 640;
  return html`${emailHead(input.title, input.headExtra)}
<body style="margin:0;padding:0;background:${COLORS.page};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${input.preheader}</div>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="background:${COLORS.page};">
<tr><td align="center" style="padding:${input.padding ?? '24px 12px'};">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:${width}px;width:100%;table-layout:fixed;background:#ffffff;border:1px solid ${COLORS.border};border-radius:8px;">
${input.body}
</table>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:${width}px;width:100%;table-layout:fixed;">
<tr><td style="padding:16px 8px;font-family:${FONT};font-size:12px;line-height:18px;color:${COLORS.muted};">${input.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.value;
}

/** A full-width row of the card. */
export function row(content: SafeHtml, style = ''): SafeHtml {
  return html`<tr><td style="padding:0 28px 20px 28px;font-family:${FONT};font-size:15px;line-height:23px;color:${COLORS.text};word-break:break-word;overflow-wrap:anywhere;${style}">${content}</td></tr>`;
}

export function heading(text: string): SafeHtml {
  return html`<h2 style="margin:0 0 8px 0;font-family:${FONT};font-size:16px;line-height:22px;font-weight:700;color:${COLORS.text};">${text}</h2>`;
}

/**
 * A bulletproof button: the coloured cell is the button, so it shows in Outlook (which
 * ignores padding on links) and in Gmail; the link fills it where clients allow.
 */
export function button(label: string, href: string, colors: { bg: string; fg: string; border?: string }): SafeHtml {
  const border = colors.border ?? colors.bg;
  return html`<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="display:inline-table;margin:0 8px 8px 0;"><tr>
<td align="center" bgcolor="${colors.bg}" style="border-radius:6px;background:${colors.bg};border:2px solid ${border};mso-padding-alt:12px 22px;">
<a href="${href}" target="_blank" style="display:inline-block;padding:12px 22px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:700;color:${colors.fg};text-decoration:none;border-radius:6px;">${label}</a>
</td></tr></table>`;
}

/** The link to the incident page: read-only, so a plain link rather than a button. */
export function incidentPageLink(href: string): SafeHtml {
  return html`<p style="margin:0;font-size:15px;"><a href="${href}" style="color:${COLORS.link};font-weight:700;text-decoration:underline;">See the whole incident</a> <span style="color:${COLORS.muted};">: the timeline, every post, negative posts per hour against normal.</span></p>`;
}
