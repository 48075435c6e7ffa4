import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml, headerSafe, html } from '../../lambdas/core/html.ts';
import { stripInvisible } from '../../lambdas/core/text.ts';

describe('Module: html', () => {
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
