/** A throwaway self-signed certificate (openssl), for servers a test runs over TLS. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirSync } from './temp.js';

/** `subjectAltName`, e.g. `DNS:client.test` or `IP:127.0.0.1`; the common name is its value. */
export function selfSignedCert(altName: string): { key: string; cert: string } {
  const dir = tempDirSync('oura-tls-');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      `/CN=${altName.replace(/^[A-Z]+:/, '')}`,
      '-addext',
      `subjectAltName=${altName}`,
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
}
