import he from 'he';
import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml, headerSafe, html } from '../../lambdas/core/html.ts';
import { stripInvisible } from '../../lambdas/core/text.ts';

describe('Module: html', () => {
  it('escapes exactly as he.escape does (&, <, >, both quotes and the backtick), and nothing else', () => {
    const texts = ['<script>alert("x")</script>', "it's `code` & <b>bold</b>", '"><img src=x onerror=alert(1)>', 'café — 😀 = / \\ {}', '&amp; already escaped'];
    for (const t of texts) expect(escapeHtml(t)).toBe(he.escape(t));
  });

  it('strips zero-width and soft-hyphen characters from everything rendered, keeping emoji sequences whole', () => {
    const hidden = 'ac\u200Bme\u00AD air\u2060 re\uFEFFfund\u200C\u200D now';
    expect(cleanText(hidden)).toBe('acme air refund now');
    expect(escapeHtml(`<b>${hidden}</b>`)).toBe('&lt;b&gt;acme air refund now&lt;/b&gt;');
    expect(headerSafe(hidden)).toBe('acme air refund now');
    expect(html`<p>${hidden}</p>`.value).toBe('<p>acme air refund now</p>');
    // A family and a technologist keep their joiners: they are one picture each.
    expect(cleanText('👨\u200D👩\u200D👧 👩🏽\u200D💻')).toBe('👨\u200D👩\u200D👧 👩🏽\u200D💻');
  });

  it('leaves ordinary text alone', () => {
    expect(stripInvisible('Ça coûte 10 € — 東京 ✈️')).toBe('Ça coûte 10 € — 東京 ✈️');
  });
});
