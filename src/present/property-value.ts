// Property values as responses carry them: the people a value names (people, created and edited
// by, verified by, user mentions in text) shown as the caller may see them
// (https://developers.notion.com/reference/page-property-values).
import type { PropertyValue } from '../properties/property-value.js';
import type { RichTextItem } from '../services/rich-text.js';
import type { UserRow } from '../store/schema.js';
import { setOwn } from '../validation/own-property.js';
import { presentUser, type Viewer } from './user.js';

type UserRef = { object: 'user'; id: string };
type UserMention = RichTextItem & { mention: { type: 'user'; user: { id: string } } };
const isUserMention = (item: RichTextItem): item is UserMention =>
  item.type === 'mention' && (item as { mention?: { type?: string } }).mention?.type === 'user';

/** A user a value names: in full when `users` has them, by id otherwise. */
export function presentPerson(ref: UserRef, users: Map<string, UserRow>, viewer: Viewer): Record<string, unknown> {
  const user = users.get(ref.id);
  return user ? presentUser(user, viewer) : ref;
}

// A user mention in a page's property value names the whole user, as api.notion.com answers it;
// stored, it keeps only the id, so the current name and avatar are shown.
function withFullUser(item: RichTextItem, users: Map<string, UserRow>, viewer: Viewer): RichTextItem {
  if (!isUserMention(item)) return item;
  const user = users.get(item.mention.user.id);
  return user ? { ...item, mention: { type: 'user', user: presentUser(user, viewer) } } : item;
}

/** A property value with the people it names shown from `users`. */
export function presentPropertyValue(value: PropertyValue, users: Map<string, UserRow>, viewer: Viewer): Record<string, unknown> {
  const content = value[value.type];
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return { ...value, [value.type]: (content as RichTextItem[]).map((item) => withFullUser(item, users, viewer)) };
    case 'people':
      return { ...value, people: (content as UserRef[]).map((ref) => presentPerson(ref, users, viewer)) };
    case 'created_by':
    case 'last_edited_by':
      return { ...value, [value.type]: presentPerson(content as UserRef, users, viewer) };
    case 'verification': {
      const verification = content as { verified_by: UserRef | null };
      return verification.verified_by
        ? { ...value, verification: { ...verification, verified_by: presentPerson(verification.verified_by, users, viewer) } }
        : value;
    }
    default:
      return value;
  }
}

/** The properties of a page in a data source, by name, as its page object carries them. */
export function presentProperties(page: { properties: Record<string, PropertyValue>; users: Map<string, UserRow> }, viewer: Viewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(page.properties)) setOwn(out, name, presentPropertyValue(value, page.users, viewer));
  return out;
}
