import { hashString } from './prng.js';

/**
 * `next_token`: base64url of the offset plus the query it continues, so a
 * client may send it alone (the range is taken from the token) or together
 * with the same range; a token from another query is rejected.
 */

export interface PageQuery {
  /** Route, e.g. `sandbox:heartrate`. */
  route: string;
  /** Normalised range, e.g. `2024-01-01..2024-01-31` or epoch ms. */
  start: string;
  end: string;
  fields: string;
}

interface TokenBody extends PageQuery {
  offset: number;
  check: number;
}

function checksum(query: PageQuery, offset: number): number {
  return hashString(`${query.route}|${query.start}|${query.end}|${query.fields}|${offset}`);
}

/** Encodes the token for the page starting at `offset`. */
export function encodeNextToken(query: PageQuery, offset: number): string {
  const body: TokenBody = { ...query, offset, check: checksum(query, offset) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes a token, or undefined when it was not made by {@link encodeNextToken}. */
export function decodeNextToken(token: string): (PageQuery & { offset: number }) | undefined {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (
      typeof body.route !== 'string' ||
      typeof body.start !== 'string' ||
      typeof body.end !== 'string' ||
      typeof body.fields !== 'string' ||
      typeof body.offset !== 'number' ||
      !Number.isInteger(body.offset) ||
      body.offset < 0
    ) {
      return undefined;
    }
    const query: PageQuery = {
      route: body.route,
      start: body.start,
      end: body.end,
      fields: body.fields,
    };
    if (body.check !== checksum(query, body.offset)) return undefined;
    return { ...query, offset: body.offset };
  } catch {
    return undefined;
  }
}
