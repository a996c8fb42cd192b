// What makes a custom emoji, as fixtures and the control API give one (Notion makes them only in
// its app: https://developers.notion.com/reference/list-custom-emojis).
import { Type } from '@sinclair/typebox';

/** Its name: what `:name:` in markdown names, so no white space or colons. */
export const CustomEmojiName = Type.String({ pattern: '^[^\\s:]{1,100}$', 'x-expected': 'a name of 1 to 100 characters without white space or colons' });
/** Where its image is. */
export const CustomEmojiUrl = Type.String({ pattern: '^https?://\\S+$', maxLength: 2000, 'x-expected': 'an http or https URL' });
