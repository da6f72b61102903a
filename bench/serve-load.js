/**
 * The client side of the `oura serve` bench: MCP messages over HTTP, the
 * sessions an assistant opens, and bursts of them. A burst runs in its own
 * process (`burstInProcess`), as assistants are on other machines: sharing
 * the server's one JavaScript thread, a hundred clients' own work would be
 * counted as the server's.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROTOCOL = '2025-06-18';

/** One JSON-RPC message to /mcp; throws on anything but a JSON answer without an error. */
export async function mcpPost(url, token, message) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL,
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  const text = await response.text();
  // A notification is accepted with 202 and no body.
  if (message.id === undefined && response.status === 202) return undefined;
  if (response.status !== 200) throw new Error(`${message.method}: HTTP ${response.status}`);
  const body = JSON.parse(text);
  if (body.error) throw new Error(`${message.method}: ${body.error.message}`);
  if (body.result?.isError) throw new Error(`${message.method}: the tool failed`);
  return body.result;
}

/** A plain GET that must answer 200, body read. */
export async function trivialGet(url) {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
}

/** initialize, initialized, tools/list, tools/call: what an assistant sends on connecting. */
export async function mcpSession(url, token, call) {
  await mcpPost(url, token, {
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL,
      capabilities: {},
      clientInfo: { name: 'bench', version: '1' },
    },
  });
  await mcpPost(url, token, { method: 'notifications/initialized' });
  const listed = await mcpPost(url, token, { id: 2, method: 'tools/list' });
  if (!listed.tools.some((tool) => tool.name === call.name)) throw new Error('tool not listed');
  await mcpPost(url, token, { id: 3, method: 'tools/call', params: call });
}

/** As many plain GETs in turn as a session sends messages: the baseline of a session. */
async function getSession(url) {
  for (let i = 0; i < 4; i++) await trivialGet(url);
}

/** `count` sessions started together: each one's ms, and how many failed (with the first reason). */
async function burst({ kind, url, tokens, count, call }) {
  const one = async (i) => {
    const started = performance.now();
    if (kind === 'mcp') await mcpSession(url, tokens[i % tokens.length], call);
    else await getSession(url);
    return performance.now() - started;
  };
  const outcomes = await Promise.allSettled(Array.from({ length: count }, (_, i) => one(i)));
  const failures = outcomes.filter((o) => o.status === 'rejected');
  return {
    times: outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value),
    errors: failures.length,
    firstError: failures[0]?.reason?.message ?? '',
  };
}

/**
 * Runs one burst in a new Node process (its job on stdin, as it holds tokens)
 * after a warm-up burst of the same kind, so connections and the process's
 * own code are warm; resolves with the measured burst.
 *
 * @param job `{ kind: 'mcp' | 'get', url, tokens, count, call }`
 */
export async function burstInProcess(job) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.end(JSON.stringify(job));
  const code = await exited;
  if (code !== 0) throw new Error(`the load process exited (${code})`);
  return JSON.parse(out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input);
  await burst(job);
  process.stdout.write(JSON.stringify(await burst(job)));
}
