import { useEffect, useRef, useState } from 'preact/hooks';
import { IconView } from '../blocks/media.js';
import { href } from '../router.js';
import { childrenOf, topLevel, type TreeNode } from './tree-data.js';
import { errorText } from './notion.js';

interface Visible {
  node: TreeNode;
  level: number;
  parent: string | null;
}

/** The rows the tree shows, in order: the roots and the children of every expanded node. */
function visibleRows(roots: TreeNode[], open: Set<string>, loaded: Map<string, TreeNode[]>): Visible[] {
  const rows: Visible[] = [];
  const walk = (nodes: TreeNode[], level: number, parent: string | null) => {
    for (const node of nodes) {
      rows.push({ node, level, parent });
      if (open.has(node.key)) walk(loaded.get(node.key) ?? [], level + 1, node.key);
    }
  };
  walk(roots, 1, null);
  return rows;
}

/**
 * The sidebar's page tree (WAI-ARIA tree pattern: arrows move and expand, Enter opens), read
 * lazily: a node's children are read when it is first expanded.
 */
export function PageTree({ generation, current }: { generation: number; current: string | undefined }) {
  const [roots, setRoots] = useState<TreeNode[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [loaded, setLoaded] = useState<Map<string, TreeNode[]>>(new Map());
  const [focus, setFocus] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    topLevel().then(
      (top) => (setRoots(top.nodes), setCursor(top.cursor), setLoaded(new Map())),
      (e: unknown) => setError(errorText(e)),
    );
  }, [generation]);
  useEffect(() => {
    if (focus && list.current?.contains(document.activeElement)) list.current.querySelector<HTMLElement>(`[data-key="${CSS.escape(focus)}"]`)?.focus();
  }, [focus]);

  if (error) return <p role="alert">{error}</p>;
  if (!roots) return <p class="loading">Loading pages…</p>;

  const toggle = (node: TreeNode, expand: boolean) => {
    const next = new Set(open);
    if (expand) next.add(node.key);
    else next.delete(node.key);
    setOpen(next);
    if (expand && !loaded.has(node.key)) {
      void childrenOf(node).then(
        (children) => setLoaded((m) => new Map(m).set(node.key, children)),
        () => setLoaded((m) => new Map(m).set(node.key, [])),
      );
    }
  };
  const rows = visibleRows(roots, open, loaded);
  const focused = focus && rows.some((r) => r.node.key === focus) ? focus : rows[0]?.node.key;
  const onKey = (e: KeyboardEvent, row: Visible, index: number) => {
    const move = (i: number) => rows[i] && setFocus(rows[i].node.key);
    const isOpen = open.has(row.node.key);
    if (e.key === 'ArrowDown') move(index + 1);
    else if (e.key === 'ArrowUp') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'ArrowRight') {
      if (!isOpen) toggle(row.node, true);
      else move(index + 1);
    } else if (e.key === 'ArrowLeft') {
      if (isOpen) toggle(row.node, false);
      else if (row.parent) setFocus(row.parent);
    } else if (e.key === 'Enter') location.hash = href(row.node.kind, row.node.id);
    else return;
    e.preventDefault();
  };
  const render = (nodes: TreeNode[], level: number) =>
    nodes.map((node) => {
      const index = rows.findIndex((r) => r.node.key === node.key);
      const row = rows[index]!;
      const isOpen = open.has(node.key);
      const children = loaded.get(node.key);
      return (
        <li
          key={node.key}
          role="treeitem"
          aria-expanded={isOpen}
          aria-level={level}
          aria-selected={node.id === current}
          aria-label={node.title || 'Untitled'}
          tabIndex={node.key === focused ? 0 : -1}
          data-key={node.key}
          onKeyDown={(e) => (e.target === e.currentTarget ? onKey(e, row, index) : undefined)}
          onFocus={(e) => e.target === e.currentTarget && setFocus(node.key)}
        >
          <div class={`tree-row${node.id === current ? ' current' : ''}`} style={{ paddingLeft: `${(level - 1) * 14 + 4}px` }}>
            <span class="tree-twisty" aria-hidden="true" onClick={() => toggle(node, !isOpen)}>
              {isOpen ? '▾' : '▸'}
            </span>
            <IconView icon={node.icon} />
            <a href={href(node.kind, node.id)} tabIndex={-1}>
              {node.title || 'Untitled'}
            </a>
          </div>
          {isOpen ? (
            <ul role="group">
              {children === undefined ? (
                <li class="tree-note" role="none">
                  Loading…
                </li>
              ) : children.length === 0 ? (
                <li class="tree-note" role="none">
                  No pages inside
                </li>
              ) : (
                render(children, level + 1)
              )}
            </ul>
          ) : null}
        </li>
      );
    });
  return (
    <>
      <ul class="tree" role="tree" aria-label="Pages" ref={list}>
        {render(roots, 1)}
      </ul>
      {cursor ? (
        <button type="button" class="more" onClick={() => void topLevel(cursor).then((top) => (setRoots([...roots, ...top.nodes]), setCursor(top.cursor)))}>
          More pages…
        </button>
      ) : null}
      {roots.length === 0 ? <p class="tree-note">No pages yet</p> : null}
    </>
  );
}
