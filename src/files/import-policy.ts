// Which addresses an `external_url` upload may be imported from. Notion imports only public HTTPS
// URLs (https://developers.notion.com/docs/importing-external-files); a server that fetches what
// a client names must also keep it off loopback and private networks unless told otherwise
// (--allow-import-from; docs/decisions.md, "File uploads").
import { isIP } from 'node:net';
import type { Config } from '../config.js';
import { validationError, type NotionError } from '../errors.js';

export const importRefused = (reason: string): NotionError => validationError(`Unable to import file from external_url: ${reason}.`);

const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether `--allow-import-from` names this host (any host when it names none). */
export function hostAllowed(config: Pick<Config, 'allowImportFrom'>, host: string): boolean {
  return config.allowImportFrom === undefined || config.allowImportFrom.some((h) => h.toLowerCase() === host);
}

const namedExplicitly = (config: Pick<Config, 'allowImportFrom'>, host: string): boolean =>
  config.allowImportFrom?.some((h) => h.toLowerCase() === host) ?? false;

/** Loopback, private, link-local and other addresses that are not the public internet. */
export function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b < 128) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80') || v6.startsWith('ff');
}

/** Check a URL before the upload is created: its form, its scheme and its host. */
export function checkImportUrl(config: Pick<Config, 'allowImportFrom'>, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw importRefused('the URL is not valid');
  }
  const host = hostOf(url);
  // Plain HTTP only from a host named explicitly (a test server, a local mirror).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && namedExplicitly(config, host))) throw importRefused('the URL must use HTTPS');
  if (!hostAllowed(config, host)) throw importRefused('the host is not allowed');
  if ((host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host))) && !namedExplicitly(config, host)) {
    throw importRefused('the URL is not publicly reachable');
  }
  return url;
}

/** Whether an address a host name resolved to may be fetched from. */
export function addressAllowed(config: Pick<Config, 'allowImportFrom'>, host: string, address: string): boolean {
  return !isPrivateAddress(address) || namedExplicitly(config, host) || namedExplicitly(config, address);
}
