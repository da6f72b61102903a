/**
 * One person's engines inside the server: a profile whose tokens come from
 * the server's state (not a keychain), their history (their own file, or
 * their own schema when the server keeps everything in PostgreSQL), and the
 * MCP tools over it. Built on a person's first call and kept while the
 * server runs; closed together at shutdown or when the person leaves.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { StatusReport } from '../auth/login-status.js';
import type { HistoryStore } from '../history/history-store.js';
import { depsFromProfile, type OuraMcpDeps } from '../mcp/deps.js';
import { type McpHistory, mcpPostgresHistory } from '../mcp/history.js';
import { openProfile, type Profile } from '../profile/open-profile.js';
import type { OuraApp } from './oura-app.js';
import type { OuraTokenKeeper } from './oura-tokens.js';
import { historySchemaOf } from './person-schema.js';
import type { UserStore } from './state/user-store.js';

export interface UserEnginesOptions {
  app: OuraApp;
  users: UserStore;
  tokens: OuraTokenKeeper;
  /** `<data dir>/serve/users`: one directory per person. */
  usersDir: string;
  /** The database holding each person's history in a schema of their own; unset: their files. */
  historyDatabase?: Pool;
  version: string;
  log: (line: string) => void;
  now?: () => Date;
}

export interface UserEngine {
  profile: Profile;
  deps: OuraMcpDeps;
}

/** A person's directory: a hash of their Oura id, so no id can name a path of its own. */
export function userDirectory(usersDir: string, userId: string): string {
  return join(usersDir, createHash('sha256').update(userId).digest('hex').slice(0, 32));
}

export class UserEngines {
  private readonly engines = new Map<string, UserEngine>();

  constructor(private readonly options: UserEnginesOptions) {}

  for(userId: string): UserEngine {
    let engine = this.engines.get(userId);
    if (!engine) {
      engine = this.build(userId);
      this.engines.set(userId, engine);
    }
    return engine;
  }

  /** Deletes a person's history (after {@link drop}): their directory, or their schema. */
  async deleteHistory(userId: string): Promise<void> {
    const database = this.options.historyDatabase;
    if (database) {
      const { schemaIdentifier } = await import('../history/postgres/pg-open.js');
      await database.query(
        `DROP SCHEMA IF EXISTS ${schemaIdentifier(historySchemaOf(userId))} CASCADE`,
      );
    }
    await rm(userDirectory(this.options.usersDir, userId), { recursive: true, force: true });
  }

  /** Closes one person's engines (they deleted their data); the next call builds new ones. */
  async drop(userId: string): Promise<void> {
    const engine = this.engines.get(userId);
    this.engines.delete(userId);
    await engine?.profile.close();
  }

  async close(): Promise<void> {
    const all = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(all.map((engine) => engine.profile.close()));
  }

  private build(userId: string): UserEngine {
    const { app, users, tokens, log } = this.options;
    const profile = openProfile({
      profile: `serve:${userId}`,
      // Never read: the tokens come from the server's state, the history file is named below.
      configDir: this.options.usersDir,
      env: {},
      apiUrl: app.apiUrl,
      userAgent: 'oura-connect-serve',
      tokenSource: (request) => tokens.token(userId, request),
      historyFile: join(userDirectory(this.options.usersDir, userId), 'history.sqlite'),
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(app.fetch ? { fetch: app.fetch } : {}),
    });
    const status = async (): Promise<StatusReport> => {
      const user = await users.get(userId);
      const stored = await users.tokens(userId);
      return {
        profile: 'oura serve',
        logged_in: Boolean(stored) && !user?.ouraProblem,
        client_id: app.credentials.clientId,
        auth_server: null,
        scopes: stored?.scope ? stored.scope.split(' ') : [],
        expires_at: stored?.expires_at ? new Date(stored.expires_at).toISOString() : null,
        store: 'file',
        user: user?.email ?? userId,
        verified: null,
        ...(user?.ouraProblem
          ? { problem: `${user.ouraProblem} Connect this server again from your assistant.` }
          : {}),
      };
    };
    // The application's webhook subscriptions are the server's business, not a person's.
    const { webhookSubscriptions: _application, ...deps } = depsFromProfile(profile, {
      version: this.options.version,
      log,
    });
    const database = this.options.historyDatabase;
    return {
      profile,
      deps: {
        ...deps,
        ...(database ? { history: postgresHistoryOf(database, userId, profile) } : {}),
        status,
        reportFiles: false,
        loginAdvice:
          "Ask the user to connect this server again from the assistant's connector settings: they will sign in with Oura.",
      },
    };
  }
}

/**
 * A person's history in their schema, opened (made or migrated) on first use.
 * Syncs it through the person's profile, as the file's history does.
 */
function postgresHistoryOf(database: Pool, userId: string, profile: Profile): McpHistory {
  const schema = historySchemaOf(userId);
  let opened: Promise<HistoryStore> | undefined;
  const open = () => {
    opened ??= import('../history/postgres/pg-history.js').then(({ openPostgresHistory }) =>
      openPostgresHistory(database, schema),
    );
    opened.catch(() => {
      opened = undefined;
    });
    return opened;
  };
  return mcpPostgresHistory(open, `PostgreSQL schema ${schema}`, async (onRequest) => {
    const { MAX_SERIES_WINDOW_DAYS } = await import('../api/client.js');
    return profile.client({ onRequest, seriesWindowDays: MAX_SERIES_WINDOW_DAYS });
  });
}
