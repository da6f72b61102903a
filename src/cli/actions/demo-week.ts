/** Placeholder until the data client lands: prints nothing yet. */
export async function printDemoWeek(_options: {
  apiUrl: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<void> {}
