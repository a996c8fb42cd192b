// Turning validated block requests into stored blocks: defaults filled in, rich text normalized,
// the nesting rules that the schema cannot express checked (https://developers.notion.com/reference/block, https://developers.notion.com/reference/patch-block-children).
import type { IdGenerator } from '../ids.js';
import { objectNotFound, validationError } from '../errors.js';
import type { BlockRequest } from '../schemas/blocks.js';
import { NOTION_ICON_COLORS, NOTION_ICON_NAME, type IconRequest, type RichTextItemRequest } from '../schemas/common.js';
import type { Actor } from './access.js';
import { normalizeRichText, type MentionTargets } from '../rich-text.js';
import { parseUuid } from '../validation/validate.js';

export interface NewBlock {
  id: string;
  type: string;
  content: Record<string, unknown>;
  children: NewBlock[];
}

export interface BuildContext {
  ids: IdGenerator;
  targets: MentionTargets;
  urlBase: string;
  actor: Actor;
}

// Notion answers 400 for a request of more than 1,000 blocks (https://developers.notion.com/reference/request-limits).
export const MAX_BLOCKS_PER_REQUEST = 1000;

const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
// The emoji property test costs tens of microseconds; the same few emoji come back again and again.
const knownEmoji = new Set<string>();

function isEmoji(text: string): boolean {
  if (knownEmoji.has(text)) return true;
  if (!RGI_EMOJI.test(text)) return false;
  if (knownEmoji.size >= 4096) knownEmoji.clear();
  knownEmoji.add(text);
  return true;
}

type Json = Record<string, unknown>;

/** An icon request in the stored (response) form; `path` names it in errors. */
export function normalizeIcon(icon: NonNullable<IconRequest>, path: string, b: Pick<BuildContext, 'actor' | 'targets'>): Json {
  if ('emoji' in icon) {
    if (!isEmoji(icon.emoji)) {
      throw validationError(`body failed validation: ${path}.emoji should be a valid emoji, instead was \`${JSON.stringify(icon.emoji)}\`.`);
    }
    return { type: 'emoji', emoji: icon.emoji };
  }
  if ('external' in icon) return notionIconOf(icon.external.url) ?? { type: 'external', external: { url: icon.external.url } };
  if ('icon' in icon) return { type: 'icon', icon: { name: icon.icon.name, color: icon.icon.color ?? 'gray' } };
  if ('custom_emoji' in icon) return customEmoji(icon.custom_emoji.id, `${path}.custom_emoji.id`, b.targets);
  return fileUpload(icon.file_upload.id, b);
}

const NOTION_ICON_COLOR_SET: ReadonlySet<string> = new Set(NOTION_ICON_COLORS);
const NOTION_ICON_NAME_RE = new RegExp(NOTION_ICON_NAME);

/**
 * Notion's own icons have addresses like `https://www.notion.so/icons/pizza_gray.svg`; set as an
 * external icon, one is answered as `type: "icon"` (docs/decisions.md).
 */
function notionIconOf(url: string): Json | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = /^\/icons\/([^/]+)\.svg$/.exec(parsed.pathname);
  if (parsed.protocol !== 'https:' || parsed.hostname !== 'www.notion.so' || !match) return undefined;
  const stem = match[1]!;
  const cut = stem.lastIndexOf('_');
  const suffix = cut > 0 ? stem.slice(cut + 1) : '';
  const [name, color] = NOTION_ICON_COLOR_SET.has(suffix) ? [stem.slice(0, cut), suffix] : [stem, 'gray'];
  return NOTION_ICON_NAME_RE.test(name) ? { type: 'icon', icon: { name, color } } : undefined;
}

/**
 * A custom emoji is named by the id of one of the workspace's; its name and url are read from it,
 * whatever the request sent along. An unknown id is a validation error (docs/decisions.md).
 */
function customEmoji(id: string, path: string, targets: MentionTargets): Json {
  const emoji = targets.customEmojis.get(parseUuid(id.toLowerCase()) ?? '');
  if (!emoji) {
    throw validationError(`body failed validation: ${path} should be the id of a custom emoji of this workspace, instead was \`${JSON.stringify(id)}\`.`);
  }
  // Stored as the emoji's reference, the same three fields Notion answers with (present/custom-emoji.ts).
  return { type: 'custom_emoji', custom_emoji: { id: emoji.id, name: emoji.name, url: emoji.url } };
}

/** A file upload reference left in a body: the request's transaction attaches and rewrites every one first (src/files/attach.ts), so one left here is unknown. */
export function fileUpload(id: string, b: Pick<BuildContext, 'actor'>): never {
  throw objectNotFound('file upload', id, b.actor);
}

export function countBlocks(blocks: BlockRequest[]): number {
  let n = 0;
  for (const block of blocks) {
    n += 1;
    const payload = block[typeOf(block)] as { children?: BlockRequest[] } | undefined;
    if (payload?.children) n += countBlocks(payload.children);
  }
  return n;
}

export function checkBlockCount(blocks: BlockRequest[]): void {
  const n = countBlocks(blocks);
  if (n > MAX_BLOCKS_PER_REQUEST) {
    throw validationError(`body failed validation: the request has ${n} blocks, more than the ${MAX_BLOCKS_PER_REQUEST} allowed in one request.`);
  }
}

/** The type of a validated block request: its `type`, or the one type key it carries. */
export function typeOf(block: BlockRequest): string {
  if (typeof block.type === 'string') return block.type;
  return Object.keys(block).find((k) => k !== 'object' && k !== 'type')!;
}

export function buildBlocks(requests: BlockRequest[], path: string, b: BuildContext): NewBlock[] {
  return requests.map((req, i) => buildBlock(req, `${path}[${i}]`, b));
}

function rich(items: RichTextItemRequest[] | undefined, b: BuildContext) {
  return normalizeRichText(items ?? [], b.targets, b.urlBase);
}

function buildBlock(req: BlockRequest, path: string, b: BuildContext): NewBlock {
  const type = typeOf(req);
  const p = req[type] as Json;
  const childReqs = (p.children as BlockRequest[] | undefined) ?? [];
  const content = contentOf(type, p, `${path}.${type}`, b);
  if (type === 'table') {
    const width = p.table_width as number;
    childReqs.forEach((row, i) => checkRowWidth(row.table_row as Json, width, `${path}.table.children[${i}]`));
  }
  if (type.startsWith('heading_') && childReqs.length > 0 && content.is_toggleable !== true) {
    throw validationError(`body failed validation: ${path}.${type}.children should be not present, instead was \`[...]\`.`);
  }
  if (type === 'synced_block' && content.synced_from !== null && childReqs.length > 0) {
    throw validationError(`body failed validation: ${path}.synced_block.children should be not present, instead was \`[...]\`.`);
  }
  return { id: b.ids.uuid(), type, content, children: buildBlocks(childReqs, `${path}.${type}.children`, b) };
}

export function checkRowWidth(row: Json, width: number, path: string): void {
  const cells = row.cells as unknown[];
  if (cells.length !== width) {
    throw validationError(`body failed validation: ${path}.table_row.cells.length should be \`${width}\`, instead was \`${cells.length}\`.`);
  }
}

function media(p: Json, b: BuildContext): Json {
  if (p.file_upload) return fileUpload((p.file_upload as { id: string }).id, b);
  return { caption: rich(p.caption as RichTextItemRequest[], b), type: 'external', external: { url: (p.external as { url: string }).url } };
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/** The stored payload of a block of `type` from its request payload `p`. */
export function contentOf(type: string, p: Json, path: string, b: BuildContext): Json {
  const color = (p.color as string | undefined) ?? 'default';
  switch (type) {
    case 'paragraph':
      // Paragraphs may carry an icon (SDK `ContentWithRichTextColorAndIconRequest`); null when none.
      return {
        rich_text: rich(p.rich_text as RichTextItemRequest[], b),
        icon: p.icon ? normalizeIcon(p.icon as NonNullable<IconRequest>, `${path}.icon`, b) : null,
        color,
      };
    case 'bulleted_list_item':
    case 'numbered_list_item':
    case 'quote':
    case 'toggle':
      return { rich_text: rich(p.rich_text as RichTextItemRequest[], b), color };
    case 'heading_1':
    case 'heading_2':
    case 'heading_3':
    case 'heading_4':
      return { rich_text: rich(p.rich_text as RichTextItemRequest[], b), is_toggleable: (p.is_toggleable as boolean | undefined) ?? false, color };
    case 'to_do':
      return { rich_text: rich(p.rich_text as RichTextItemRequest[], b), checked: (p.checked as boolean | undefined) ?? false, color };
    case 'callout':
      return {
        rich_text: rich(p.rich_text as RichTextItemRequest[], b),
        // Notion gives a callout created without an icon the light bulb, on a gray background.
        icon: p.icon ? normalizeIcon(p.icon as NonNullable<IconRequest>, `${path}.icon`, b) : { type: 'emoji', emoji: '💡' },
        color: (p.color as string | undefined) ?? 'gray_background',
      };
    case 'code':
      return { caption: rich(p.caption as RichTextItemRequest[], b), rich_text: rich(p.rich_text as RichTextItemRequest[], b), language: p.language };
    case 'equation':
      return { expression: p.expression };
    case 'divider':
    case 'breadcrumb':
    case 'column_list':
    case 'tab':
      return {};
    case 'table_of_contents':
      return { color };
    case 'column':
      return p.width_ratio === undefined ? {} : { width_ratio: p.width_ratio };
    case 'table':
      return { table_width: p.table_width, has_column_header: p.has_column_header ?? false, has_row_header: p.has_row_header ?? false };
    case 'table_row':
      return { cells: (p.cells as RichTextItemRequest[][]).map((cell) => rich(cell, b)) };
    case 'bookmark':
    case 'embed':
      return { caption: rich(p.caption as RichTextItemRequest[], b), url: p.url };
    case 'image':
    case 'video':
    case 'audio':
    case 'pdf':
      return media(p, b);
    case 'file': {
      const m = media(p, b);
      return { ...m, name: (p.name as string | undefined) ?? fileName((m.external as { url: string }).url) };
    }
    case 'link_to_page':
      if (p.page_id) return { type: 'page_id', page_id: p.page_id };
      if (p.database_id) return { type: 'database_id', database_id: p.database_id };
      return { type: 'comment_id', comment_id: p.comment_id };
    case 'synced_block': {
      const from = p.synced_from as { block_id: string } | null;
      return { synced_from: from ? { type: 'block_id', block_id: from.block_id } : null };
    }
    default:
      throw new Error(`no content builder for block type ${type}`);
  }
}
