/**
 * A duration for people, the same in the CLI's tables and the MCP tools'
 * text: `27120` s → `7h 32m`, and under an hour just the minutes (`45m`).
 */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours}h ${String(rest).padStart(2, '0')}m` : `${rest}m`;
}
