// Template variables (https://developers.notion.com/guides/data-apis/creating-pages-from-templates):
// a template's @Today, @Now and @Me mentions stand for the day, the moment and the person that
// apply it. They are resolved when the template is applied, @Today and @Now in the `timezone` the
// request names (https://developers.notion.com/reference/post-page), UTC when it names none.
import type { Actor } from '../actor.js';
import { validationError } from '../errors.js';
import { forEachMention } from '../properties/mentions.js';
import { zoneOffset } from '../properties/instants.js';
import { datePlainText } from '../rich-text.js';
import type { Db } from '../store/store.js';
import { getUser } from '../store/users.js';

export interface TemplateVariables {
  /** @Today: the date, `YYYY-MM-DD`. */
  today: string;
  /** @Now: the minute, with the zone's offset. */
  now: string;
  /** @Me: the user who applies the template, and the name its mention shows. */
  me: { id: string; name: string };
}

/** Whether `zone` is an IANA time zone this server knows. */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An unknown zone is refused before anything is written (docs/decisions.md, "Views, templates, async tasks and tokens: the rest"). */
export function checkTimezone(zone: string | undefined): void {
  if (zone !== undefined && !knownZone(zone)) {
    throw validationError(`body failed validation: body.template.timezone should be a valid IANA time zone, instead was \`"${zone}"\`.`);
  }
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The wall clock of `zone` at `instant`, to the minute, and the zone's offset from UTC then. */
function wallClock(instant: Date, zone: string): { date: string; time: string; offset: string } {
  const offsetMinutes = Math.round(zoneOffset(instant.getTime(), zone) / 60_000);
  // The instant moved by the offset reads, in UTC, as the zone's wall clock.
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return {
    date: `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    offset: `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`,
  };
}

/**
 * What the variables stand for when `actor` applies a template at `instant`. @Me is the person of
 * a personal access token, and an integration's own bot user otherwise: the user the page's
 * `created_by` names.
 */
export async function templateVariables(db: Db, actor: Actor, instant: Date, zone = 'UTC'): Promise<TemplateVariables> {
  const { date, time, offset } = wallClock(instant, zone);
  const meId = actor.kind === 'personal' && actor.ownerUserId ? actor.ownerUserId : actor.botId;
  const me = await getUser(db, meId);
  return { today: date, now: `${date}T${time}:00.000${offset}`, me: { id: meId, name: me?.name ?? '' } };
}

type Json = Record<string, unknown>;

/** Replace, in place, every template mention in `value` (stored rich text at any depth); whether any was. */
export function resolveTemplateMentions(value: unknown, vars: TemplateVariables): boolean {
  let changed = false;
  forEachMention(value, (item, mention) => {
    if (mention.type !== 'template_mention') return;
    const t = mention.template_mention as Json;
    changed = true;
    if (t.type === 'template_mention_user' || 'template_mention_user' in t) {
      item.mention = { type: 'user', user: { object: 'user', id: vars.me.id } };
      item.plain_text = `@${vars.me.name || 'Anonymous'}`;
      return;
    }
    const date = { start: t.template_mention_date === 'now' ? vars.now : vars.today, end: null, time_zone: null };
    item.mention = { type: 'date', date };
    item.plain_text = datePlainText(date);
  });
  return changed;
}
