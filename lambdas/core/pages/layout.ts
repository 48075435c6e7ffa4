/**
 * The frame of the action pages: one small document, no script, styles inline in <head>
 * (the CSP allows inline styles only), landmarks and a skip link, readable on a phone.
 */
import { html, raw, type SafeHtml } from '../html.ts';

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f2f4f7;color:#1d2939;font:17px/1.55 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{background:#1d2939;color:#fff;padding:.75rem 1rem}
header p{margin:0 auto;max-width:42rem;font-weight:700;letter-spacing:.02em}
main{display:block;margin:1.5rem auto;max-width:42rem;padding:1.5rem 1.25rem;background:#fff;border:1px solid #d0d5dd;border-radius:8px}
footer{margin:0 auto 2rem;max-width:42rem;padding:0 1.25rem;color:#475467;font-size:.875rem}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,li,dd{overflow-wrap:anywhere;word-break:break-word}
a{color:#1849a9}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:4px;color:#fff;font-weight:700;font-size:.875rem}
.SEV1{background:#b42318}.SEV2{background:#b54708}.SEV3{background:#175cd3}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0;padding:.75rem 1rem;background:#f2f4f7;border-radius:6px}
dl.facts dt{font-weight:600;color:#475467}dl.facts dd{margin:0}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{display:block;font-weight:400;color:#475467;font-size:.9rem}
input[type=text],input[type=date],textarea{width:100%;font:inherit;padding:.55rem .65rem;border:1px solid #667085;border-radius:6px;background:#fff;color:#1d2939}
textarea{min-height:5.5rem;resize:vertical}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #2e90fa;outline-offset:2px}
fieldset{border:1px solid #d0d5dd;border-radius:6px;margin:1rem 0;padding:.25rem 1rem 1rem}
legend{font-weight:700;padding:0 .25rem}
.item{display:grid;grid-template-columns:2fr 1fr 1fr;gap:.5rem;margin-top:.75rem;padding-top:.5rem;border-top:1px solid #eaecf0}
.item:first-of-type{border-top:0}
.item label{margin:0 0 .2rem;font-size:.9rem}
@media (max-width:36rem){.item{grid-template-columns:1fr}}
button{font:inherit;font-weight:700;padding:.7rem 1.3rem;border-radius:6px;border:2px solid #1d2939;background:#1d2939;color:#fff;cursor:pointer;margin:1rem .5rem 0 0;min-height:44px}
button.secondary{background:#fff;color:#1d2939;border-color:#98a2b3}
button.resolve{background:#067647;border-color:#067647}
.default{position:absolute;left:-9999px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.error{color:#b42318;font-weight:600}
.errors{border:2px solid #b42318;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.ok{border-left:5px solid #067647;padding-left:.75rem}
.bad{border-left:5px solid #b42318;padding-left:.75rem}
.muted{color:#475467}
main.wide,body.wide header p,body.wide footer{max-width:68rem}
.split{display:grid;gap:1.5rem}
@media (min-width:60rem){.split{grid-template-columns:minmax(0,1fr) minmax(0,1.6fr)}.split .context{order:0}}
.context{font-size:.95rem}
.context h2{margin-top:0}
ol.timeline{list-style:none;margin:.5rem 0;padding:0;border-left:3px solid #d0d5dd}
ol.timeline li{margin:0 0 .6rem;padding-left:.75rem}
ol.timeline time{display:block;font-size:.85rem;color:#475467}
ol.timeline .detail{display:block;font-size:.875rem;color:#475467;white-space:pre-line}
details summary{cursor:pointer;font-weight:700;margin:.5rem 0}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.4rem 0}
.choice input{margin-top:.35rem;width:1.1rem;height:1.1rem;flex:none}
.choice label{margin:0;font-weight:600}
.choice .hint{font-weight:400}
fieldset.sub{margin:.25rem 0 .5rem 1.6rem;padding:.1rem .75rem .5rem}
fieldset.sub legend{font-weight:600;font-size:.95rem}
.lead{font-size:1.05rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.875rem;overflow-wrap:anywhere}
.status{font-weight:700}.status.open{color:#b42318}.status.acknowledged{color:#b54708}.status.resolved{color:#067647}
ol.history{margin:.25rem 0 0;padding-left:1.1rem;list-style:disc}
ol.history li{margin:0 0 .2rem}
nav.actions{margin:1rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
nav.actions .hint{flex-basis:100%}
a.button{display:inline-block;font-weight:700;padding:.65rem 1.2rem;border-radius:6px;border:2px solid #1d2939;background:#1d2939;color:#fff;text-decoration:none;min-height:44px;line-height:1.4}
a.button.resolve{background:#067647;border-color:#067647}
a.button.secondary{background:#fff;color:#1d2939;border-color:#667085}
figure.chart-figure{margin:.5rem 0}
svg.chart{display:block;width:100%;height:auto;background:#fff}
svg.chart .bar{fill:#b42318}svg.chart .before{fill:#98a2b3}
svg.chart .normal{fill:none;stroke:#1d2939;stroke-width:2;stroke-dasharray:6 3}
svg.chart .grid{stroke:#eaecf0;stroke-width:1}
svg.chart .opened{stroke:#1849a9;stroke-width:1.5;stroke-dasharray:3 3}
svg.chart .axis{font-size:11px;fill:#475467;font-family:inherit}
figcaption{font-size:.875rem;color:#475467;margin-top:.4rem}
.key{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.2rem}
.bar-key{background:#b42318}.normal-key{border-top:3px dashed #1d2939;height:0;vertical-align:.2rem}
details.numbers table,table.list{border-collapse:collapse;width:100%;font-size:.9rem}
details.numbers th,details.numbers td,table.list th,table.list td{border-bottom:1px solid #eaecf0;padding:.3rem .5rem;text-align:left;vertical-align:top}
.table-wrap{overflow-x:auto}
nav.sorts{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;margin:.5rem 0}
nav.sorts ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;margin:0;padding:0}
nav.sorts a[aria-current]{font-weight:700;color:#1d2939;text-decoration:none;border-bottom:3px solid #1849a9}
ol.posts{list-style:none;margin:0;padding:0}
li.post{border:1px solid #d0d5dd;border-left:5px solid #98a2b3;border-radius:6px;padding:.6rem .8rem;margin:0 0 .75rem}
li.post.negative{border-left-color:#b42318}
li.post p{margin:.2rem 0}
li.post .meta,li.post .analysis,li.post .link{font-size:.875rem;color:#475467}
li.post .text{white-space:pre-line}
nav.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0;font-weight:600}
`;

export function pageDocument(input: { title: string; main: SafeHtml; /** A page with a side column (the resolve form, the incident page). */ wide?: boolean }): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${input.title} · crisis-desk</title>
<style>${raw(CSS)}</style>
</head>
<body${input.wide ? raw(' class="wide"') : ''}>
<a class="skip" href="#main">Skip to content</a>
<header><p>crisis-desk</p></header>
<main id="main"${input.wide ? raw(' class="wide"') : ''}>
${input.main}
</main>
<footer><p>crisis-desk keeps a named person on every incident until it is resolved. This page uses no cookies and no scripts.</p></footer>
</body>
</html>
`.value;
}
