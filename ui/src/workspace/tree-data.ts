import { api } from '../api.js';
import type { DataSource, Icon, List, Page, Parent } from './notion.js';
import { allChildren, firstDataSource, pageTitle, plainText } from './notion.js';

export interface TreeNode {
  /** Unique in the tree: the same page may be listed once only, but keys keep Preact's lists stable. */
  key: string;
  id: string;
  kind: 'page' | 'database';
  title: string;
  icon: Icon;
}

interface SearchHit {
  object: 'page' | 'data_source';
  id: string;
  parent: Parent;
  database_parent?: Parent;
  icon: Icon;
  title?: DataSource['title'];
  properties: Page['properties'];
}

/** How many search results the sidebar reads before offering to read more. */
const SEARCH_BATCH = 1000;

export interface TopLevel {
  nodes: TreeNode[];
  cursor: string | null;
}

/**
 * Top-level pages and databases: search has no parent filter, so the sidebar walks its results
 * (https://developers.notion.com/reference/post-search) and keeps those whose parent is the
 * workspace, a batch at a time.
 */
export async function topLevel(cursor: string | null = null): Promise<TopLevel> {
  const nodes: TreeNode[] = [];
  let read = 0;
  do {
    const body: Record<string, unknown> = { page_size: 100 };
    if (cursor) body.start_cursor = cursor;
    const page: List<SearchHit> = await api('POST', '/search', body);
    for (const hit of page.results) {
      if (hit.object === 'page' && hit.parent.type === 'workspace') {
        nodes.push({ key: hit.id, id: hit.id, kind: 'page', title: pageTitle(hit as unknown as Page), icon: hit.icon });
      } else if (hit.object === 'data_source' && hit.database_parent?.type === 'workspace') {
        nodes.push({
          key: hit.parent.type === 'database_id' ? hit.parent.database_id : hit.id,
          id: hit.parent.type === 'database_id' ? hit.parent.database_id : hit.id,
          kind: 'database',
          title: plainText(hit.title),
          icon: hit.icon,
        });
      }
    }
    read += page.results.length;
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor && read < SEARCH_BATCH);
  return { nodes, cursor };
}

/** A node's children: a page's child pages and databases, a database's first rows. */
export async function childrenOf(node: TreeNode): Promise<TreeNode[]> {
  if (node.kind === 'page') {
    const blocks = await allChildren(node.id);
    return blocks.flatMap((b): TreeNode[] => {
      if (b.type === 'child_page')
        return [{ key: `${node.key}/${b.id}`, id: b.id, kind: 'page', title: (b.child_page as { title: string }).title, icon: null }];
      if (b.type === 'child_database')
        return [{ key: `${node.key}/${b.id}`, id: b.id, kind: 'database', title: (b.child_database as { title: string }).title, icon: null }];
      return [];
    });
  }
  const source = await firstDataSource(node.id);
  if (!source) return [];
  const rows: List<Page> = await api('POST', `/data_sources/${source}/query`, { page_size: 100 });
  return rows.results.map((p) => ({ key: `${node.key}/${p.id}`, id: p.id, kind: 'page', title: pageTitle(p), icon: p.icon }));
}
