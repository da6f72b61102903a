/** The flags of `oura webhook`, read by its actions and declared by its command. */

/** The events of --events (also offered by `oura completion`). */
export const WEBHOOK_EVENTS = ['create', 'update', 'delete'] as const;

export interface SubscribeFlags {
  url: string;
  types?: string;
  events?: string;
}

export interface ListenFlags {
  port: number;
  host: string;
  path: string;
}
