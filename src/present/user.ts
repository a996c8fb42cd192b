// User objects (https://developers.notion.com/reference/user). How much is shown depends on the user-information capability.
import { nullablePersonNames } from '../api-version.js';
import type { View } from './view.js';
import type { UserRow } from '../store/schema.js';
import type { BotDetails } from '../services/users.js';

/** Who a user is shown to, in which version. */
export type Viewer = Pick<View, 'actor' | 'version'>;

export function presentUser(user: UserRow, viewer: Viewer, bot: BotDetails | Record<string, never> = {}): Record<string, unknown> {
  const actor = viewer.actor;
  const info = actor.capabilities.user_information;
  // The caller's own bot is always shown in full (GET /v1/users/me needs no capability).
  if (info === 'none' && user.id !== actor.botId) return { object: 'user', id: user.id };
  const out: Record<string, unknown> = {
    object: 'user',
    id: user.id,
    // A person may have no name: null from 2026-12-01, "" before it (docs/decisions.md, "Versions").
    name: user.name ?? (nullablePersonNames(viewer.version) ? null : ''),
    avatar_url: user.avatar_url,
    type: user.type,
  };
  if (user.type === 'person') out.person = info === 'with_email' && user.email ? { email: user.email } : {};
  else out.bot = bot;
  return out;
}
