/**
 * Answers the emulator's consent page over HTTP, the way a person would in a
 * browser, for `npm run demo` on machines without one and for tests.
 */

function attr(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * Opens `authorizeUrl`, reads the consent form, submits `decision`, and returns
 * the `Location` the server redirects to (the callback URL with `code` and
 * `state`, or with `error`). Does not follow that redirect.
 *
 * @param options.scopes - tick only these scopes (as spelled in the request);
 *   default: leave every box ticked.
 * @param options.account - sign in as this account, when the page offers a
 *   choice: its position in the list or its user id; default the one checked
 *   (the first). A page of one account offers no choice: 0 names it.
 * @throws Error when the server answers with an error page instead of a form
 *   or a redirect, naming the status, or when the page offers no such account.
 */
export async function submitConsent(
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  options: { scopes?: string[]; account?: number | string } = {},
): Promise<string> {
  const pageResponse = await fetch(authorizeUrl, { redirect: 'manual' });
  // A request the server rejects without showing consent (e.g. invalid_scope) is
  // already a redirect back to the client.
  const early = pageResponse.headers.get('location');
  if (pageResponse.status >= 300 && pageResponse.status < 400 && early) {
    await pageResponse.body?.cancel();
    return new URL(early, authorizeUrl).toString();
  }
  const html = await pageResponse.text();
  if (!pageResponse.ok) {
    throw new Error(
      `consent page: HTTP ${pageResponse.status}: ${html
        .replace(/<[^>]+>/g, ' ')
        .trim()
        .slice(0, 200)}`,
    );
  }
  const formTag = /<form\b[^>]*id="consent"[^>]*>/.exec(html)?.[0];
  if (!formTag) throw new Error('consent page: no consent form found');
  const action = new URL(attr(formTag, 'action') ?? authorizeUrl, authorizeUrl);
  const form = new URLSearchParams();
  const inputs = html.match(/<input\b[^>]*>/g) ?? [];
  const accounts = inputs.filter(
    (tag) => attr(tag, 'type') === 'radio' && attr(tag, 'name') === 'account',
  );
  const wanted = options.account;
  const chosen =
    wanted === undefined
      ? undefined
      : typeof wanted === 'number'
        ? accounts[wanted]
        : accounts.find((tag) => attr(tag, 'value') === wanted);
  // A page without a choice signs in its one account: asking for the first is fine.
  const alone = accounts.length === 0 && wanted === 0;
  if (wanted !== undefined && chosen === undefined && !alone) {
    throw new Error(`consent page: no account ${wanted} among the ${accounts.length} offered`);
  }
  for (const tag of inputs) {
    const name = attr(tag, 'name');
    const value = attr(tag, 'value') ?? '';
    if (!name) continue;
    const type = attr(tag, 'type');
    if (type === 'checkbox') {
      const ticked = options.scopes ? options.scopes.includes(value) : /\schecked\b/.test(tag);
      if (ticked) form.append(name, value);
    } else if (type === 'radio') {
      const picked =
        chosen !== undefined && name === 'account' ? tag === chosen : /\schecked\b/.test(tag);
      if (picked) form.append(name, value);
    } else {
      form.append(name, value);
    }
  }
  form.append('decision', decision);
  const answer = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  await answer.body?.cancel();
  if (!location) throw new Error(`consent form: expected a redirect, got HTTP ${answer.status}`);
  return new URL(location, action).toString();
}
