import { allChildren, type Block } from '../workspace/notion.js';

export interface BlockNode {
  block: Block;
  children: BlockNode[];
}

// Child pages and databases are links, not content: their blocks are not read here.
const LINKS = new Set(['child_page', 'child_database']);

/**
 * A block's descendants, each level read in parallel. A synced block that copies another shows
 * the original's children (https://developers.notion.com/reference/block#synced-block).
 */
export async function loadTree(id: string): Promise<BlockNode[]> {
  const blocks = await allChildren(id);
  return Promise.all(
    blocks.map(async (block): Promise<BlockNode> => {
      if (LINKS.has(block.type)) return { block, children: [] };
      const synced = block.type === 'synced_block' ? (block.synced_block as { synced_from: { block_id: string } | null }).synced_from : null;
      if (synced) return { block, children: await loadTree(synced.block_id).catch(() => []) };
      return { block, children: block.has_children ? await loadTree(block.id) : [] };
    }),
  );
}

/** Headings in document order, for table_of_contents blocks. */
export function headings(nodes: BlockNode[]): Block[] {
  const found: Block[] = [];
  const walk = (list: BlockNode[]) => {
    for (const node of list) {
      if (/^heading_[123]$/.test(node.block.type)) found.push(node.block);
      walk(node.children);
    }
  };
  walk(nodes);
  return found;
}

export function replaceBlock(nodes: BlockNode[], next: Block): BlockNode[] {
  return nodes.map((node) =>
    node.block.id === next.id ? { block: next, children: node.children } : { block: node.block, children: replaceBlock(node.children, next) },
  );
}
