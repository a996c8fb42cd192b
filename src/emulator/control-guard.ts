// Who may drive the control API. It can wipe the workspace and read every token, so it answers
// only requests addressed to this server (no DNS rebinding), never a web page of another origin,
// and off loopback only with the admin token, however the server was started (docs/decisions.md,
// "Control API security").
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../http/bearer.js';
import { ControlError } from './emulator.js';

/** Loopback addresses and names: there the control API may be open; anywhere else it needs an admin token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}

/** The admin token to run with: the one given, or a new one when the server listens off loopback. */
export function adminTokenFor(listenHost: string, given: string | undefined): string | undefined {
  if (given) return given;
  return isLoopback(listenHost) ? undefined : `lna_${randomBytes(24).toString('base64url')}`;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Token comparison in constant time: digests have one length whatever the token's. */
export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const forbidden = (message: string) => new ControlError(403, 'restricted_resource', message);

/** `name[:port]` of a Host header, the name lowercased without brackets or a trailing dot. */
function splitHost(value: string): { name: string; port: number | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!match) return undefined;
  const name = match[1]!
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  return { name, port: match[2] === undefined ? undefined : Number(match[2]) };
}

const plainAddress = (address: string): string => address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');

export interface HostRules {
  /** Names accepted at any port (a reverse proxy's public name), lowercase. */
  allowedHosts: readonly string[];
  /** The host the server was told to listen on. */
  listenHost: string;
}

/**
 * The Host must name this server: a loopback name or address, the address the connection arrived
 * at, or the configured listen name, at the port it arrived at; or a name given in `allowedHosts`.
 * A page of another site that rebinds its own name to 127.0.0.1 sends its own name, and is refused.
 */
export function checkHost(request: FastifyRequest, rules: HostRules): void {
  const header = request.headers.host ?? '';
  const host = splitHost(header.trim());
  const refuse = () =>
    forbidden(
      `The control API answers only requests addressed to this server: the Host ${JSON.stringify(header)} is not one of its addresses. Give other names with --allowed-host.`,
    );
  if (!host) throw refuse();
  if (rules.allowedHosts.includes(host.name)) return;
  const socket = request.socket as { localAddress?: string; localPort?: number } | undefined;
  const local = socket?.localAddress;
  const listenName = rules.listenHost.replace(/^\[|\]$/g, '').toLowerCase();
  const named = isLoopback(host.name) || (local !== undefined && host.name === plainAddress(local)) || host.name === listenName;
  if (!named) throw refuse();
  // In-process requests (inject) have no port; a socket's must be the one the Host names.
  if (socket?.localPort !== undefined && (host.port ?? 80) !== socket.localPort) throw refuse();
}

/**
 * Browsers say where a request comes from: `Origin` on anything but a plain GET, and
 * `Sec-Fetch-Site` on everything. Another origin's page is refused; a person typing the URL
 * (`none`), this server's own pages and clients that are no browser are not.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Sec-Fetch-Site
 */
export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const host = (request.headers.host ?? '').trim().toLowerCase();
    const own = origin.toLowerCase();
    if (own !== `http://${host}` && own !== `https://${host}`) {
      throw forbidden(`The control API does not answer requests from web pages of other origins (Origin ${JSON.stringify(origin)}).`);
    }
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw forbidden(`The control API does not answer requests from web pages of other origins (Sec-Fetch-Site ${JSON.stringify(site)}).`);
  }
}

/** A connection that arrived at an address other than loopback (in-process requests have none). */
export function arrivedOffLoopback(request: FastifyRequest): boolean {
  const local = (request.socket as { localAddress?: string } | undefined)?.localAddress;
  return local !== undefined && !isLoopback(local);
}

/** Whether the Authorization header carries the admin token. */
export function hasAdminToken(request: FastifyRequest, adminToken: string): boolean {
  const token = bearerToken(request.headers.authorization);
  return token !== undefined && sameToken(token, adminToken);
}
