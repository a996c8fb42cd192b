// Converting without a store, for the converter's own tests: markdown -> the blocks the API would
// store -> markdown, with mentions resolved to nothing.
import { buildBlocks, type NewBlock } from '../services/block-content.js';
import type { Actor } from '../services/access.js';
import { NO_MENTIONS } from '../rich-text.js';
import { FORMATS, type MarkdownFormat } from './format.js';
import { parseMarkdown, type NewMarkdownBlock } from './parse.js';
import { renderMarkdown, type RenderBlock } from './render.js';
import { toBlockRequest } from './requests.js';
import type { BlockRequest } from '../schemas/blocks.js';

export const URL_BASE = 'https://www.notion.so/';
export const PAGE_ID = '11111111-2222-4333-8444-555555555555';

function idGenerator() {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

export const asRender = (b: NewBlock): RenderBlock => ({ id: b.id, type: b.type, content: b.content, children: b.children.map(asRender) });

/** Stored blocks for block requests, as block creation builds them. */
export function storedBlocks(requests: BlockRequest[]): RenderBlock[] {
  const b = { ids: idGenerator() as never, targets: NO_MENTIONS, urlBase: URL_BASE, actor: {} as Actor };
  return buildBlocks(requests, 'body', b).map(asRender);
}

export function markdownToStored(markdown: string, format: MarkdownFormat = FORMATS.v1): RenderBlock[] {
  const requests = parseMarkdown(markdown, format)
    .filter((p): p is NewMarkdownBlock => p.kind === 'new')
    .map(toBlockRequest);
  return storedBlocks(requests);
}

export const storedToMarkdown = (blocks: RenderBlock[], format: MarkdownFormat = FORMATS.v1): string =>
  renderMarkdown(blocks, { urlBase: URL_BASE, pageId: PAGE_ID, format }).markdown;

export const roundTrip = (markdown: string, format: MarkdownFormat = FORMATS.v1): string => storedToMarkdown(markdownToStored(markdown, format), format);
