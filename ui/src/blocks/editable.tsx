import { createContext, type ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { Block, RichText } from '../workspace/notion.js';
import { plainText } from '../workspace/notion.js';
import { RichTextView, editedRichText, editedText } from './rich-text.js';

/** What a page view lets its blocks do: every edit is a public API call as the owner. */
export interface BlockActions {
  update(block: Block, body: Record<string, unknown>): Promise<void>;
  remove(block: Block): Promise<void>;
  addAfter(block: Block): Promise<void>;
  headings: Block[];
  /** The page's breadcrumbs, which breadcrumb blocks show. */
  breadcrumb: ComponentChildren;
}

export const Actions = createContext<BlockActions | null>(null);

export const useActions = () => useContext(Actions);

/**
 * A block's text, editable in place as plain text: on blur a changed text is sent back with the
 * unchanged parts' annotations kept (see editedRichText).
 */
export function EditableText({ block, tag, label }: { block: Block; tag?: 'span' | 'div'; label: string }) {
  const actions = useActions();
  const data = block[block.type] as { rich_text: RichText[] };
  const [generation, setGeneration] = useState(0);
  const Tag = tag ?? 'div';
  if (!actions) return <RichTextView value={data.rich_text} />;
  const save = (element: HTMLElement) => {
    const next = editedText(element);
    if (next === plainText(data.rich_text)) return;
    void actions.update(block, { [block.type]: { rich_text: editedRichText(data.rich_text, next) } }).finally(() => setGeneration((g) => g + 1));
  };
  return (
    <Tag
      key={`${block.last_edited_time}:${generation}`}
      class="editable"
      contentEditable
      role="textbox"
      aria-label={label}
      data-placeholder={label}
      onBlur={(e) => save(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
    >
      <RichTextView value={data.rich_text} />
    </Tag>
  );
}
