import type { ComponentChildren } from 'preact';
import { href } from '../router.js';
import type { RichText } from '../workspace/notion.js';
import { Equation } from './lazy.js';

/** Notion's colour names map to classes `c-<name>` (text) and `c-<name>_background`. */
export const colorClass = (color: string | undefined): string | undefined => (color && color !== 'default' ? `c-${color}` : undefined);

function mentionOf(item: RichText): ComponentChildren {
  const mention = item.mention!;
  const value = mention[mention.type] as Record<string, unknown> | undefined;
  switch (mention.type) {
    case 'page':
      return (
        <a class="mention mention-page" href={href('page', String(value?.id))}>
          <span aria-hidden="true">📄 </span>
          {item.plain_text}
        </a>
      );
    case 'database':
      return (
        <a class="mention mention-page" href={href('database', String(value?.id))}>
          <span aria-hidden="true">🗃 </span>
          {item.plain_text}
        </a>
      );
    case 'user':
      return <span class="mention mention-user">@{item.plain_text.replace(/^@/, '')}</span>;
    case 'date':
      return <span class="mention mention-date">{item.plain_text}</span>;
    case 'custom_emoji':
      return value?.url ? <img class="inline-emoji" src={String(value.url)} alt={item.plain_text} /> : item.plain_text;
    case 'link_preview':
    case 'link_mention':
      return (
        <a class="mention mention-link" href={String(value?.url ?? item.href ?? '#')} target="_blank" rel="noreferrer">
          {item.plain_text}
        </a>
      );
    default:
      return <span class="mention">{item.plain_text}</span>;
  }
}

const atom = (item: RichText, node: ComponentChildren) => (
  <span data-atom={item.plain_text} contentEditable={false}>
    {node}
  </span>
);

/** The plain text an edited element holds, each mention and equation counted as its plain text. */
export function editedText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const atom of copy.querySelectorAll<HTMLElement>('[data-atom]')) atom.replaceWith(atom.dataset.atom ?? '');
  return copy.textContent ?? '';
}

function itemOf(item: RichText, index: number): ComponentChildren {
  let node: ComponentChildren;
  // Mentions and equations are single pieces in editable text: data-atom holds their plain text,
  // which is what an edit reads back in their place.
  if (item.type === 'mention' && item.mention) node = atom(item, mentionOf(item));
  else if (item.type === 'equation' && item.equation) node = atom(item, <Equation expression={item.equation.expression} inline />);
  else node = item.plain_text;
  const a = item.annotations;
  if (a.code) node = <code class="inline-code">{node}</code>;
  if (a.bold) node = <strong>{node}</strong>;
  if (a.italic) node = <em>{node}</em>;
  if (a.strikethrough) node = <s>{node}</s>;
  if (a.underline) node = <u>{node}</u>;
  if (item.href && item.type === 'text') {
    const internal = /^\/([0-9a-f]{32})$/.exec(item.href);
    node = internal ? <a href={href('page', internal[1]!)}>{node}</a> : <a href={item.href}>{node}</a>;
  }
  const color = colorClass(a.color);
  return color ? (
    <span key={index} class={color}>
      {node}
    </span>
  ) : (
    <span key={index}>{node}</span>
  );
}

export function RichTextView({ value }: { value: RichText[] | undefined }) {
  return <>{(value ?? []).map(itemOf)}</>;
}

/**
 * The rich text after a plain-text edit: the items before and after the changed span keep their
 * annotations, links and mentions; the changed span becomes plain text.
 */
export function editedRichText(old: RichText[], next: string): unknown[] {
  const before = old.map((r) => r.plain_text).join('');
  let start = 0;
  while (start < before.length && start < next.length && before[start] === next[start]) start++;
  let end = 0;
  while (end < before.length - start && end < next.length - start && before[before.length - 1 - end] === next[next.length - 1 - end]) end++;
  const keep = (from: number, to: number): unknown[] => {
    const out: unknown[] = [];
    let offset = 0;
    for (const item of old) {
      const a = offset;
      const b = offset + item.plain_text.length;
      offset = b;
      const lo = Math.max(a, from);
      const hi = Math.min(b, to);
      if (hi <= lo) continue;
      if (item.type === 'text' && item.text) {
        out.push({ type: 'text', text: { content: item.plain_text.slice(lo - a, hi - a), link: item.text.link }, annotations: item.annotations });
      } else if (lo === a && hi === b) {
        out.push({ type: item.type, [item.type]: item[item.type], annotations: item.annotations });
      } else {
        out.push({ type: 'text', text: { content: item.plain_text.slice(lo - a, hi - a) }, annotations: item.annotations });
      }
    }
    return out;
  };
  const middle = next.slice(start, next.length - end);
  return [...keep(0, start), ...(middle ? [{ type: 'text', text: { content: middle } }] : []), ...keep(before.length - end, before.length)];
}
