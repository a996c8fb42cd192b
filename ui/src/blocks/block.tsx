import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Block, Icon, RichText } from '../workspace/notion.js';
import { plainText } from '../workspace/notion.js';
import { EditableText, useActions } from './editable.js';
import { Code, Equation } from './lazy.js';
import type { BlockNode } from './load.js';
import { IconView, LinkCard, MediaBlock, PageLink } from './media.js';
import { RichTextView, colorClass } from './rich-text.js';

type Text = { rich_text: RichText[]; color?: string };

const LABELS: Record<string, string> = {
  paragraph: 'Text',
  heading_1: 'Heading 1',
  heading_2: 'Heading 2',
  heading_3: 'Heading 3',
  bulleted_list_item: 'List item',
  numbered_list_item: 'List item',
  to_do: 'To-do',
  toggle: 'Toggle',
  quote: 'Quote',
  callout: 'Callout',
};

/** Consecutive list items form one list, as Notion numbers them. */
export function Blocks({ nodes }: { nodes: BlockNode[] }) {
  const out: ComponentChildren[] = [];
  for (let i = 0; i < nodes.length;) {
    const type = nodes[i]!.block.type;
    if (type === 'bulleted_list_item' || type === 'numbered_list_item') {
      const run: BlockNode[] = [];
      while (i < nodes.length && nodes[i]!.block.type === type) run.push(nodes[i++]!);
      const items = run.map((node) => <BlockView key={node.block.id} node={node} />);
      out.push(type === 'bulleted_list_item' ? <ul key={run[0]!.block.id}>{items}</ul> : <ol key={run[0]!.block.id}>{items}</ol>);
    } else {
      const node = nodes[i++]!;
      out.push(<BlockView key={node.block.id} node={node} />);
    }
  }
  return <>{out}</>;
}

function Toggle({ summary, children, open: initially }: { summary: ComponentChildren; children: ComponentChildren; open?: boolean }) {
  const [open, setOpen] = useState(initially === true);
  return (
    <div class="toggle">
      <div class="toggle-row">
        <button type="button" class="toggle-button" aria-expanded={open} aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        <div class="toggle-summary">{summary}</div>
      </div>
      {open ? <div class="toggle-body">{children}</div> : null}
    </div>
  );
}

function Heading({ node }: { node: BlockNode }) {
  const { block } = node;
  const data = block[block.type] as Text & { is_toggleable?: boolean };
  const level = Number(block.type.slice(-1));
  const Tag = (['h2', 'h3', 'h4'] as const)[level - 1]!;
  const title = (
    <Tag id={`h-${block.id}`} class={`heading heading-${level}`}>
      <EditableText block={block} tag="span" label={LABELS[block.type]!} />
    </Tag>
  );
  if (!data.is_toggleable) return title;
  return <Toggle summary={title}>{node.children.length ? <Blocks nodes={node.children} /> : <p class="empty">Empty toggle</p>}</Toggle>;
}

function ToDo({ block }: { block: Block }) {
  const actions = useActions();
  const data = block.to_do as Text & { checked: boolean };
  return (
    <div class={`to-do${data.checked ? ' checked' : ''}`}>
      <input
        type="checkbox"
        checked={data.checked}
        aria-label={`To-do: ${plainText(data.rich_text) || 'empty'}`}
        disabled={!actions}
        onChange={(e) => void actions?.update(block, { to_do: { checked: e.currentTarget.checked } })}
      />
      <EditableText block={block} label={LABELS.to_do!} />
    </div>
  );
}

function Callout({ node }: { node: BlockNode }) {
  const data = node.block.callout as Text & { icon: Icon };
  return (
    <div class={`callout ${colorClass(data.color) ?? 'c-gray_background'}`}>
      <IconView icon={data.icon} />
      <div class="callout-body">
        <EditableText block={node.block} label={LABELS.callout!} />
        <Blocks nodes={node.children} />
      </div>
    </div>
  );
}

function TableBlock({ node }: { node: BlockNode }) {
  const data = node.block.table as { has_column_header: boolean; has_row_header: boolean };
  return (
    <div class="table-wrap">
      <table class="simple-table">
        <tbody>
          {node.children.map((row, r) => (
            <tr key={row.block.id}>
              {(row.block.table_row as { cells: RichText[][] }).cells.map((cell, c) => {
                const header = (r === 0 && data.has_column_header) || (c === 0 && data.has_row_header);
                const Cell = header ? 'th' : 'td';
                return (
                  <Cell key={c}>
                    <RichTextView value={cell} />
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TableOfContents() {
  const actions = useActions();
  return (
    <nav class="toc" aria-label="Table of contents">
      {(actions?.headings ?? []).map((h) => (
        <a key={h.id} class={`toc-${h.type}`} href={`#h-${h.id}`} onClick={(e) => (e.preventDefault(), document.getElementById(`h-${h.id}`)?.scrollIntoView())}>
          {plainText((h[h.type] as Text).rich_text) || 'Untitled'}
        </a>
      ))}
    </nav>
  );
}

function BreadcrumbBlock() {
  return <div class="breadcrumb-block">{useActions()?.breadcrumb}</div>;
}

/** One block's own rendering; its children follow inside for the types that nest. */
function content(node: BlockNode): ComponentChildren {
  const { block } = node;
  const kids = node.children.length ? <div class="children">{<Blocks nodes={node.children} />}</div> : null;
  const label = LABELS[block.type] ?? block.type;
  switch (block.type) {
    case 'paragraph':
      return (
        <>
          <EditableText block={block} label={label} />
          {kids}
        </>
      );
    case 'heading_1':
    case 'heading_2':
    case 'heading_3':
      return <Heading node={node} />;
    case 'bulleted_list_item':
    case 'numbered_list_item':
      return (
        <>
          <EditableText block={block} label={label} />
          {kids}
        </>
      );
    case 'to_do':
      return (
        <>
          <ToDo block={block} />
          {kids}
        </>
      );
    case 'toggle':
      return <Toggle summary={<EditableText block={block} label={label} />}>{kids ?? <p class="empty">Empty toggle</p>}</Toggle>;
    case 'quote':
      return (
        <blockquote>
          <EditableText block={block} label={label} />
          {kids}
        </blockquote>
      );
    case 'callout':
      return <Callout node={node} />;
    case 'code': {
      const data = block.code as Text & { language: string; caption: RichText[] };
      return (
        <figure class="code-block">
          <span class="code-language">{data.language}</span>
          <pre>
            <Code code={plainText(data.rich_text)} language={data.language} />
          </pre>
          {data.caption.length ? (
            <figcaption>
              <RichTextView value={data.caption} />
            </figcaption>
          ) : null}
        </figure>
      );
    }
    case 'equation':
      return <Equation expression={(block.equation as { expression: string }).expression} />;
    case 'divider':
      return <hr />;
    case 'table':
      return <TableBlock node={node} />;
    case 'column_list':
      return (
        <div class="columns">
          {node.children.map((column) => (
            <div key={column.block.id} class="column">
              <Blocks nodes={column.children} />
            </div>
          ))}
        </div>
      );
    case 'column':
      return <Blocks nodes={node.children} />;
    default:
      return other(node, kids);
  }
}

function other(node: BlockNode, kids: ComponentChildren): ComponentChildren {
  const { block } = node;
  switch (block.type) {
    case 'image':
    case 'video':
    case 'audio':
    case 'pdf':
    case 'file':
      return <MediaBlock block={block} />;
    case 'bookmark':
    case 'embed':
    case 'link_preview':
      return <LinkCard block={block} />;
    case 'child_page':
      return <PageLink id={block.id} kind="page" title={(block.child_page as { title: string }).title} />;
    case 'child_database':
      return <PageLink id={block.id} kind="database" title={(block.child_database as { title: string }).title} />;
    case 'link_to_page': {
      const data = block.link_to_page as { type: string; page_id?: string; database_id?: string };
      return data.page_id ? <PageLink id={data.page_id} kind="page" /> : <PageLink id={data.database_id!} kind="database" />;
    }
    case 'synced_block': {
      const from = (block.synced_block as { synced_from: unknown }).synced_from;
      return (
        <div class="synced" aria-label={from ? 'Synced copy' : 'Synced block'} role="group">
          <Blocks nodes={node.children} />
        </div>
      );
    }
    case 'table_of_contents':
      return <TableOfContents />;
    case 'breadcrumb':
      return <BreadcrumbBlock />;
    case 'template':
      return (
        <div class="template">
          <RichTextView value={(block.template as Text).rich_text} />
          {kids}
        </div>
      );
    default:
      return <div class="unsupported">Unsupported block type: {block.type}</div>;
  }
}

function BlockView({ node }: { node: BlockNode }) {
  const actions = useActions();
  const { block } = node;
  const data = block[block.type] as { color?: string } | undefined;
  const list = block.type === 'bulleted_list_item' || block.type === 'numbered_list_item';
  const Tag = list ? 'li' : 'div';
  const editable = actions !== null && block.type !== 'column';
  return (
    <Tag class={`block block-${block.type} ${colorClass(data?.color) ?? ''}`} data-block-id={block.id}>
      {content(node)}
      {editable ? (
        <span class="block-tools">
          <button type="button" aria-label="Add a block below" title="Add a block below" onClick={() => void actions!.addAfter(block)}>
            +
          </button>
          <button type="button" aria-label="Delete block" title="Delete block" onClick={() => void actions!.remove(block)}>
            ×
          </button>
        </span>
      ) : null}
    </Tag>
  );
}
