import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Blocks } from '../blocks/block.js';
import { Actions, type BlockActions } from '../blocks/editable.js';
import { headings, loadTree, replaceBlock, type BlockNode } from '../blocks/load.js';
import { IconView, fileUrl } from '../blocks/media.js';
import { RichTextView } from '../blocks/rich-text.js';
import { PropertyValueView } from '../table/value.js';
import { Breadcrumbs } from './breadcrumbs.js';
import type { Block, Page, RichText } from './notion.js';
import { errorText, pageTitle, titleProperty } from './notion.js';

interface Comment {
  id: string;
  rich_text: RichText[];
  created_time: string;
  created_by: { id: string };
}

const NEW_BLOCKS: Record<string, unknown> = {
  paragraph: { paragraph: { rich_text: [] } },
  heading_1: { heading_1: { rich_text: [] } },
  heading_2: { heading_2: { rich_text: [] } },
  to_do: { to_do: { rich_text: [], checked: false } },
  bulleted_list_item: { bulleted_list_item: { rich_text: [] } },
  numbered_list_item: { numbered_list_item: { rich_text: [] } },
  quote: { quote: { rich_text: [] } },
  divider: { divider: {} },
};

function Title({ page, onSaved }: { page: Page; onSaved: (page: Page) => void }) {
  const [generation, setGeneration] = useState(0);
  const save = (text: string) => {
    const name = titleProperty(page);
    if (!name || text === pageTitle(page)) return;
    void api<Page>('PATCH', `/pages/${page.id}`, { properties: { [name]: { title: [{ type: 'text', text: { content: text } }] } } })
      .then(onSaved)
      .finally(() => setGeneration((g) => g + 1));
  };
  return (
    <h1
      key={`${page.last_edited_time}:${generation}`}
      class="page-title editable"
      contentEditable
      aria-label="Page title"
      data-placeholder="Untitled"
      onBlur={(e) => save(e.currentTarget.innerText.trim())}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
    >
      {pageTitle(page)}
    </h1>
  );
}

function Properties({ page }: { page: Page }) {
  const shown = Object.entries(page.properties).filter(([, v]) => v.type !== 'title');
  if (shown.length === 0) return null;
  return (
    <dl class="page-properties">
      {shown.map(([name, value]) => (
        <div key={value.id} class="page-property">
          <dt>{name}</dt>
          <dd>
            <PropertyValueView value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Comments({ comments }: { comments: Comment[] }) {
  if (comments.length === 0) return null;
  return (
    <aside class="comments" aria-label="Comments">
      {comments.map((c) => (
        <div key={c.id} class="comment">
          <RichTextView value={c.rich_text} />
          <time class="comment-time">{c.created_time.slice(0, 16).replace('T', ' ')}</time>
        </div>
      ))}
    </aside>
  );
}

/** A page as Notion shows it: cover, icon, title, properties, content and comments. */
export function PageView({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [page, setPage] = useState<Page | null>(null);
  const [nodes, setNodes] = useState<BlockNode[] | null>(null);
  const [comments, setComments] = useState<Comment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [newType, setNewType] = useState('paragraph');
  const reload = () => loadTree(id).then(setNodes, (e: unknown) => setError(errorText(e)));
  useEffect(() => {
    setPage(null);
    setNodes(null);
    setError(null);
    setComments([]);
    api<Page>('GET', `/pages/${id}`).then(setPage, (e: unknown) => setError(errorText(e)));
    void reload();
    api<{ results: Comment[] }>('GET', `/comments?block_id=${id}&page_size=100`).then(
      (r) => setComments(r.results),
      () => setComments([]),
    );
  }, [id]);
  const actions = useMemo<BlockActions>(
    () => ({
      headings: nodes ? headings(nodes) : [],
      breadcrumb: page ? <Breadcrumbs parent={page.parent} current={pageTitle(page)} /> : null,
      async update(block: Block, body: Record<string, unknown>) {
        const next = await api<Block>('PATCH', `/blocks/${block.id}`, body);
        setNodes((current) => current && replaceBlock(current, next));
      },
      async remove(block: Block) {
        await api('DELETE', `/blocks/${block.id}`);
        await reload();
      },
      async addAfter(block: Block) {
        const parent = block.parent.type === 'page_id' ? block.parent.page_id : block.parent.type === 'block_id' ? block.parent.block_id : id;
        await api('PATCH', `/blocks/${parent}/children`, { children: [NEW_BLOCKS.paragraph], after: block.id });
        await reload();
      },
    }),
    [nodes, page, id],
  );
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!page) return <p class="loading">Loading…</p>;
  const trash = (inTrash: boolean) =>
    void api<Page>('PATCH', `/pages/${id}`, { in_trash: inTrash }).then((p) => {
      setPage(p);
      onChanged();
    });
  const cover = fileUrl(page.cover);
  return (
    <article class="page" aria-label={pageTitle(page) || 'Untitled'}>
      <Breadcrumbs parent={page.parent} current={pageTitle(page)} />
      {page.in_trash ? (
        <div class="trash-banner" role="status">
          This page is in the trash.{' '}
          <button type="button" onClick={() => trash(false)}>
            Restore
          </button>
        </div>
      ) : null}
      {cover ? <img class="cover" src={cover} alt="" /> : null}
      <div class="page-body">
        <div class="page-main">
          <div class="page-head">
            <IconView icon={page.icon} size="large" />
            <div class="page-actions">
              {page.in_trash ? null : (
                <button type="button" onClick={() => trash(true)}>
                  Move to trash
                </button>
              )}
            </div>
          </div>
          <Title page={page} onSaved={(p) => (setPage(p), onChanged())} />
          <Properties page={page} />
          <Actions.Provider value={page.in_trash ? null : actions}>
            <div class="blocks">{nodes ? <Blocks nodes={nodes} /> : <p class="loading">Loading…</p>}</div>
          </Actions.Provider>
          {page.in_trash ? null : (
            <form
              class="add-block"
              onSubmit={(e) => {
                e.preventDefault();
                void api('PATCH', `/blocks/${id}/children`, { children: [NEW_BLOCKS[newType]] }).then(reload);
              }}
            >
              <label>
                New block{' '}
                <select value={newType} onChange={(e) => setNewType(e.currentTarget.value)}>
                  {Object.keys(NEW_BLOCKS).map((t) => (
                    <option key={t} value={t}>
                      {t.replace(/_/g, ' ')}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="submit">Add</button>
            </form>
          )}
        </div>
        <Comments comments={comments} />
      </div>
    </article>
  );
}
