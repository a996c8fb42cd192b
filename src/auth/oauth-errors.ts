// The errors of the OAuth endpoints. Notion answers a failed client authentication and an unknown
// grant type in OAuth's own form (`{"error": ...}`) and a bad grant in its error envelope with
// the code `invalid_grant` (https://developers.notion.com/reference/status-codes); both carry the
// request id (docs/decisions.md, "Tokens, OAuth and workspaces").

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'invalid_client' | 'unsupported_grant_type' | 'invalid_grant',
    message: string,
    /** `oauth`: `{error, request_id}`; `notion`: Notion's envelope. */
    readonly form: 'oauth' | 'notion',
  ) {
    super(message);
    this.name = 'OAuthError';
  }

  body(requestId: string): Record<string, unknown> {
    if (this.form === 'oauth') return { error: this.code, request_id: requestId };
    return { object: 'error', status: this.status, code: this.code, message: this.message, request_id: requestId };
  }
}

export const invalidClient = (): OAuthError => new OAuthError(401, 'invalid_client', 'Client authentication failed.', 'oauth');
export const unsupportedGrantType = (): OAuthError => new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type.', 'oauth');
export const invalidGrant = (message: string): OAuthError => new OAuthError(400, 'invalid_grant', message, 'notion');

/** A problem with an authorization request that cannot be sent back to the client: shown on the page. */
export class AuthorizePageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthorizePageError';
  }
}
