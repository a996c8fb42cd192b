// User objects (https://developers.notion.com/reference/user). How much is shown depends on the user-information capability.
import type { Actor } from '../services/access.js';
import type { UserRow } from '../store/schema.js';

export interface BotDetails {
  owner: { type: 'workspace'; workspace: true } | { type: 'user'; user: Record<string, unknown> };
  workspace_id: string;
  workspace_name: string;
  workspace_limits: { max_file_upload_size_in_bytes: number };
}

export function presentUser(user: UserRow, actor: Actor, bot: BotDetails | Record<string, never> = {}): Record<string, unknown> {
  const info = actor.capabilities.user_information;
  // The caller's own bot is always shown in full (GET /v1/users/me needs no capability).
  if (info === 'none' && user.id !== actor.botId) return { object: 'user', id: user.id };
  const out: Record<string, unknown> = {
    object: 'user',
    id: user.id,
    name: user.name,
    avatar_url: user.avatar_url,
    type: user.type,
  };
  if (user.type === 'person') out.person = info === 'with_email' && user.email ? { email: user.email } : {};
  else out.bot = bot;
  return out;
}
