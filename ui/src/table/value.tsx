import type { ComponentChildren } from 'preact';
import { RichTextView } from '../blocks/rich-text.js';
import { fileUrl } from '../blocks/media.js';
import { href } from '../router.js';
import type { FileRef, PropertyValue, RichText } from '../workspace/notion.js';

interface Option {
  name: string;
  color?: string;
}

interface DateValue {
  start: string;
  end: string | null;
}

const tag = (option: Option | null | undefined, key?: string | number) =>
  option ? (
    <span key={key} class={`tag tag-${option.color ?? 'default'}`}>
      {option.name}
    </span>
  ) : null;

const dateText = (date: DateValue | null | undefined): string => {
  if (!date) return '';
  const show = (iso: string) => (iso.length <= 10 ? iso : iso.replace('T', ' ').replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, ''));
  return date.end ? `${show(date.start)} → ${show(date.end)}` : show(date.start);
};

const userName = (user: { id: string; name?: string | null }) => user.name ?? user.id.slice(0, 8);

function formulaOf(result: { type: string; [key: string]: unknown }): ComponentChildren {
  const inner = result[result.type];
  if (result.type === 'boolean') return <input type="checkbox" checked={inner === true} disabled aria-label={String(inner)} />;
  if (result.type === 'date') return dateText(inner as DateValue | null);
  return inner === null || inner === undefined ? '' : String(inner);
}

function rollupOf(rollup: { type: string; [key: string]: unknown }): ComponentChildren {
  if (rollup.type === 'array') {
    return (rollup.array as PropertyValue[]).map((item, i) => (
      <span key={i} class="rollup-item">
        <PropertyValueView value={item} />
      </span>
    ));
  }
  if (rollup.type === 'date') return dateText(rollup.date as DateValue | null);
  const value = rollup[rollup.type];
  return value === null || value === undefined ? '' : String(value);
}

/** A property value as Notion shows it in a table cell; formulas and rollups as the API computed them. */
export function PropertyValueView({ value }: { value: PropertyValue }): ComponentChildren {
  const inner = value[value.type];
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return <RichTextView value={inner as RichText[]} />;
    case 'number':
      return inner === null ? '' : (inner as number).toLocaleString('en-US');
    case 'select':
    case 'status':
      return tag(inner as Option | null);
    case 'multi_select':
      return (inner as Option[]).map((o, i) => tag(o, i));
    case 'date':
      return dateText(inner as DateValue | null);
    case 'checkbox':
      return <input type="checkbox" checked={inner === true} disabled aria-label={inner ? 'Checked' : 'Not checked'} />;
    case 'url':
      return inner ? (
        <a href={String(inner)} target="_blank" rel="noreferrer">
          {String(inner)}
        </a>
      ) : null;
    case 'email':
      return inner ? <a href={`mailto:${String(inner)}`}>{String(inner)}</a> : null;
    case 'phone_number':
      return inner ? String(inner) : null;
    case 'people':
      return (inner as { id: string; name?: string }[]).map((u) => (
        <span key={u.id} class="person">
          {userName(u)}
        </span>
      ));
    case 'created_by':
    case 'last_edited_by':
      return <span class="person">{userName(inner as { id: string; name?: string })}</span>;
    case 'created_time':
    case 'last_edited_time':
      return dateText({ start: String(inner), end: null });
    case 'files':
      return (inner as (FileRef & { name: string })[]).map((f, i) => (
        <a key={i} class="file-chip" href={fileUrl(f)} target="_blank" rel="noreferrer">
          {f.name}
        </a>
      ));
    case 'relation':
      return (inner as { id: string }[]).map((r) => (
        <a key={r.id} class="relation-chip" href={href('page', r.id)}>
          {r.id.slice(0, 8)}
        </a>
      ));
    case 'formula':
      return formulaOf(inner as { type: string });
    case 'rollup':
      return rollupOf(inner as { type: string });
    case 'unique_id': {
      const id = inner as { prefix: string | null; number: number | null };
      return id.number === null ? '' : `${id.prefix ? `${id.prefix}-` : ''}${id.number}`;
    }
    case 'verification':
      return (inner as { state?: string } | null)?.state ?? '';
    case 'button':
      return null;
    default:
      return inner === null || inner === undefined ? '' : <span class="unsupported">{value.type}</span>;
  }
}
