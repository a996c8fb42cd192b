// Parsed markdown blocks as the block requests the blocks API takes, children nested in the payload.
import type { BlockRequest } from '../schemas/blocks.js';
import type { NewMarkdownBlock } from './parse.js';

/** A new block as a block request; blocks that name existing ones are left to the caller. */
export function toBlockRequest(block: NewMarkdownBlock): BlockRequest {
  const children = block.children.filter((c): c is NewMarkdownBlock => c.kind === 'new').map(toBlockRequest);
  const payload = children.length > 0 ? { ...block.payload, children } : block.payload;
  return { type: block.type, [block.type]: payload } as BlockRequest;
}
