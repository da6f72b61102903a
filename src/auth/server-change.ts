/**
 * A login replaces the profile's stored one. When the stored login came from
 * another server (the emulator, a proxy, Oura itself), that replacement is
 * rarely meant: say so before the person consents, and how to keep both.
 */

/** `host:port` of a URL, or the text as it is when it is no URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The sentence to say when `storedTokenUrl` (where the profile's login was
 * issued) is on another host than every token endpoint this login may use;
 * undefined when nothing is stored or the server is the same.
 */
export function serverChangeNotice(
  profile: string,
  storedTokenUrl: string | undefined,
  tokenUrls: readonly string[],
): string | undefined {
  if (storedTokenUrl === undefined) return undefined;
  const stored = hostOf(storedTokenUrl);
  const next = tokenUrls.map(hostOf);
  if (next.length === 0 || next.includes(stored)) return undefined;
  return (
    `Profile "${profile}" holds a login from ${stored}; this login at ${next[0]} will replace it. ` +
    'To keep both, stop here (Ctrl-C) and log in with --profile NAME (or OURA_PROFILE=NAME).'
  );
}
