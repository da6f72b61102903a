/** The flags of `oura serve` and its subcommands, as commander parses them. */
export interface ServeFlags {
  publicUrl?: string;
  host: string;
  port?: number;
  tlsCert?: string;
  tlsKey?: string;
  allow?: string;
  database?: string;
  role: string;
}

export interface InviteFlags {
  expires: string;
  cohort?: string;
}
