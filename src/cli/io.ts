let quiet = false;

/** `--quiet`: no progress and no notices from here on; errors are still printed (run-program.ts). */
export function setQuiet(value: boolean): void {
  quiet = value;
}

export function isQuiet(): boolean {
  return quiet;
}

/** Messages for people go to stderr; stdout carries data only. */
export function notice(line: string): void {
  if (!quiet) process.stderr.write(`${line}\n`);
}

/** Writes data to stdout. */
export function out(text: string): void {
  process.stdout.write(text);
}

/** True when colour is wanted: a terminal, and NO_COLOR unset. */
function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function bold(text: string): string {
  return useColor() ? `\u001b[1m${text}\u001b[22m` : text;
}

/** False on Linux without a display (SSH, containers): no browser can be shown there. */
export function hasGraphicalBrowser(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * Opens a URL in the person's browser with a well-kept launcher. On Linux
 * without a display there is no graphical browser, and a text one would take
 * over the terminal, so it refuses instead.
 */
export async function openInBrowser(url: string): Promise<void> {
  if (!hasGraphicalBrowser()) throw new Error('no graphical display');
  const { default: open } = await import('open');
  const child = await open(url);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve());
    setTimeout(resolve, 500).unref();
  });
}
