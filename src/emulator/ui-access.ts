// The web UI's credential: browsers send no Authorization header when a person opens a URL, so
// whoever gives the admin token once (POST /__localnotion/ui/login, itself guarded by the token)
// gets an HttpOnly, SameSite=Strict cookie that /ui/ and the control API accept in its place.
// Its value is derived from the admin token, never the token itself: a new token ends every
// session. Requests from other origins are still refused by control-guard.ts, cookie or not
// (docs/decisions.md, "Web UI: emulator screens and access").
// https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies
import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hasAdminToken, sameToken } from './control-guard.js';

/**
 * One cookie per port: cookies do not tell ports apart, and two servers on one host (each with
 * its own admin token) would otherwise overwrite each other's.
 */
export function uiCookieName(request: FastifyRequest): string {
  const port = (request.socket as { localPort?: number } | undefined)?.localPort;
  return port === undefined ? 'localnotion_ui' : `localnotion_ui_${port}`;
}

const cookieValue = (adminToken: string): string => createHmac('sha256', adminToken).update('localnotion web UI').digest('base64url');

/** The values of the cookies named `name` in the Cookie header. */
function cookies(request: FastifyRequest, name: string): string[] {
  const header = request.headers.cookie ?? '';
  const values: string[] = [];
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) values.push(part.slice(at + 1).trim());
  }
  return values;
}

/** Whether the request carries the web UI's cookie for this admin token. */
export function hasUiCookie(request: FastifyRequest, adminToken: string): boolean {
  const expected = cookieValue(adminToken);
  return cookies(request, uiCookieName(request)).some((value) => sameToken(value, expected));
}

/** The admin token in the Authorization header or the web UI's cookie in its place. */
export function hasAdminAccess(request: FastifyRequest, adminToken: string): boolean {
  return hasAdminToken(request, adminToken) || hasUiCookie(request, adminToken);
}

/** Set-Cookie for a session (none when `adminToken` is undefined: then nothing needs one), or to end it. */
export function uiCookieHeader(request: FastifyRequest, adminToken: string | undefined): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  const name = uiCookieName(request);
  if (adminToken === undefined) return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`;
  return `${name}=${cookieValue(adminToken)}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}
