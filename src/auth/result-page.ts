import { escapeHtml } from '../format/html.js';
/** The small page the browser shows after the redirect: the true outcome, nothing secret. */
export function resultPage(ok: boolean, title: string, detail: string): string {
  const colour = ok ? '#1b7f4c' : '#b3261e';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oura-connect: ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{color:${colour};font-size:1.5rem}p{line-height:1.5}</style></head>
<body><h1 id="outcome" data-ok="${ok}">${escapeHtml(title)}</h1><p id="detail">${escapeHtml(detail)}</p>
<p>${ok ? 'You can close this tab and return to the terminal.' : 'Return to the terminal for what to do next.'}</p>
</body></html>`;
}
