// The error catalog: every error the API answers with, keyed by Notion's codes.
// Services throw these; the HTTP error hook renders them as Notion's error envelope.

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request_url'
  | 'invalid_request'
  | 'validation_error'
  | 'invalid_beta'
  | 'missing_version'
  | 'unauthorized'
  | 'restricted_resource'
  | 'object_not_found'
  | 'conflict_error'
  | 'rate_limited'
  | 'internal_server_error'
  | 'service_unavailable'
  | 'database_connection_unavailable'
  | 'bad_gateway'
  | 'gateway_timeout'
  | 'service_overload';

const STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_request_url: 400,
  invalid_request: 400,
  validation_error: 400,
  invalid_beta: 400,
  missing_version: 400,
  unauthorized: 401,
  restricted_resource: 403,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  service_unavailable: 503,
  database_connection_unavailable: 503,
  bad_gateway: 502,
  gateway_timeout: 504,
  service_overload: 529,
};

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(STATUS, code);

// Notion's message for each code where it does not name an object or a field; generic where it
// does (an injected fault answers with these when its rule gives no message).
// https://developers.notion.com/reference/status-codes
const MESSAGE: Record<ErrorCode, string> = {
  invalid_json: 'Error parsing JSON body.',
  invalid_request_url: 'Invalid request URL.',
  invalid_request: 'This request is not supported.',
  validation_error: 'body failed validation.',
  invalid_beta: 'Notion-Beta header failed validation.',
  missing_version: 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
  unauthorized: 'API token is invalid.',
  restricted_resource: 'API token does not have access to this resource.',
  object_not_found: 'Could not find the requested object. Make sure the relevant pages and databases are shared with your integration.',
  conflict_error: 'Conflict occurred while saving. Please try again.',
  rate_limited: 'You have been rate limited. Please try again in a few minutes.',
  internal_server_error: 'Unexpected error occurred.',
  service_unavailable: 'Notion is unavailable, please try again later.',
  database_connection_unavailable: 'Notion is unavailable, please try again later.',
  bad_gateway: 'Bad Gateway',
  gateway_timeout: 'Gateway Timeout',
  service_overload: 'Notion is overloaded, please try again later.',
};

/** Notion's generic message for a code. */
export const messageOf = (code: ErrorCode): string => MESSAGE[code];

export type AdditionalData = Record<string, string | string[]>;

export class NotionError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly additionalData?: AdditionalData,
    /** Another status than Notion's for the code: only injected faults use it. */
    status?: number,
  ) {
    super(message);
    this.name = 'NotionError';
    this.status = status ?? STATUS[code];
  }
}

export const invalidJson = (): NotionError => new NotionError('invalid_json', MESSAGE.invalid_json);

export const invalidRequestUrl = (): NotionError => new NotionError('invalid_request_url', MESSAGE.invalid_request_url);

export const validationError = (message: string, additionalData?: AdditionalData): NotionError => new NotionError('validation_error', message, additionalData);

/** An unknown preview named in `Notion-Beta` (docs/decisions.md, "Versions"). */
export const invalidBeta = (name: string): NotionError =>
  new NotionError('invalid_beta', `Notion-Beta header failed validation: ${JSON.stringify(name)} is not a known beta.`);

export const unauthorizedFormat = (): NotionError => new NotionError('unauthorized', 'Authorization header must use the format "Bearer <token>".');

export const unauthorizedToken = (): NotionError => new NotionError('unauthorized', MESSAGE.unauthorized);

// Live responses for a write without the needed capability read this way
// (https://developers.notion.com/reference/capabilities).
export const insufficientPermissions = (): NotionError => new NotionError('restricted_resource', 'Insufficient permissions for this endpoint.');

export const restrictedResource = (): NotionError => new NotionError('restricted_resource', MESSAGE.restricted_resource);

export type ObjectKind =
  'page' | 'block' | 'database' | 'data source' | 'user' | 'comment' | 'discussion' | 'file upload' | 'view' | 'view query' | 'async task';

/** The integration a not-found error names: its name in the message, its bot id in `additional_data`. */
export interface NamedIntegration {
  integrationName: string;
  botId: string;
}

// Notion's 404 names the integration and, in `additional_data`, its id (recorded for 2025-09-03).
export const objectNotFound = (kind: ObjectKind, id: string, integration: NamedIntegration): NotionError =>
  new NotionError(
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${integration.integrationName}".`,
    { integration_id: integration.botId },
  );

export const archivedBlock = (): NotionError => validationError("Can't edit block that is archived. You must unarchive the block before editing.");

export const archivedAncestor = (): NotionError => validationError("Can't edit page on block with an archived ancestor.");

export const invalidCursor = (cursor: string): NotionError => validationError(`The start_cursor provided is invalid: ${cursor}`);

export const internalError = (): NotionError => new NotionError('internal_server_error', MESSAGE.internal_server_error);

/** Notion's 429; `retry_after` repeats the Retry-After header, as Notion's body does
 * (https://developers.notion.com/reference/request-limits). */
export const rateLimited = (retryAfterSeconds: number, reason = 'public_api_request_rate_limit'): NotionError =>
  new NotionError('rate_limited', MESSAGE.rate_limited, { rate_limit_reason: reason, retry_after: String(retryAfterSeconds) });

export const serviceUnavailable = (): NotionError => new NotionError('database_connection_unavailable', MESSAGE.database_connection_unavailable);

/**
 * Notion's 503 `service_unavailable`: storage that cannot take a write now (read-only, full,
 * failing), or a server at its connection limit. The client may try again later; the server
 * recovers by itself.
 */
export const unavailableNow = (): NotionError => new NotionError('service_unavailable', MESSAGE.service_unavailable);
