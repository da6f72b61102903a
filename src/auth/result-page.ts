import { html, inlineTrustedStyle, type SafeHtml } from '../html/safe-html.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h1[data-ok="true"]{color:#1b7f4c}h1[data-ok="false"]{color:#b3261e}p{line-height:1.5}`;

/** The small page the browser shows after the redirect: the true outcome, nothing secret. */
export function resultPage(ok: boolean, title: string, detail: string): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oura-connect: ${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${inlineTrustedStyle(STYLE)}</head>
<body><h1 id="outcome" data-ok="${String(ok)}">${title}</h1><p id="detail">${detail}</p>
<p>${ok ? 'You can close this tab and return to the terminal.' : 'Return to the terminal for what to do next.'}</p>
</body></html>`;
}
