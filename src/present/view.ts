import type { Actor } from '../services/access.js';
import type { ApiVersion } from '../api-version.js';

/** What a response is rendered for: the API version and who is looking. */
export interface View {
  version: ApiVersion;
  actor: Actor;
  urlBase: string;
}
