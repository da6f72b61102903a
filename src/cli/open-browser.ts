/** False on Linux without a display (SSH, containers): no browser can be shown there. */
export function hasGraphicalBrowser(env: NodeJS.ProcessEnv): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * Opens a URL in the person's browser with a well-kept launcher. On Linux
 * without a display there is no graphical browser, and a text one would take
 * over the terminal, so it refuses instead.
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!hasGraphicalBrowser(env)) throw new Error('no graphical display');
  const { default: open } = await import('open');
  const child = await open(url);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve());
    setTimeout(resolve, 500).unref();
  });
}
