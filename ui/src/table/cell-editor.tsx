import { useEffect, useRef } from 'preact/hooks';
import type { PropertySchema, PropertyValue, RichText } from '../workspace/notion.js';
import { plainText } from '../workspace/notion.js';

/** The property types a cell edits in place. */
export const EDITABLE = new Set(['title', 'rich_text', 'number', 'select', 'status', 'multi_select', 'checkbox', 'date', 'url', 'email', 'phone_number']);

const text = (content: string) => (content ? [{ type: 'text', text: { content } }] : []);

/** The request value for a property from what its editor holds. */
export function requestValue(schema: PropertySchema, input: string): unknown {
  const blank = input.trim() === '';
  switch (schema.type) {
    case 'title':
    case 'rich_text':
      return { [schema.type]: text(input) };
    case 'number':
      return { number: blank ? null : Number(input) };
    case 'select':
    case 'status':
      return { [schema.type]: blank ? null : { name: input } };
    case 'multi_select':
      return {
        multi_select: input
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((name) => ({ name })),
      };
    case 'date':
      return { date: blank ? null : { start: input } };
    default:
      return { [schema.type]: blank ? null : input.trim() };
  }
}

/** What an editor starts from. */
export function editorValue(value: PropertyValue | undefined): string {
  if (!value) return '';
  const inner = value[value.type];
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return plainText(inner as RichText[]);
    case 'select':
    case 'status':
      return (inner as { name: string } | null)?.name ?? '';
    case 'multi_select':
      return (inner as { name: string }[]).map((o) => o.name).join(', ');
    case 'date':
      return (inner as { start: string } | null)?.start.slice(0, 10) ?? '';
    default:
      return inner === null || inner === undefined ? '' : String(inner);
  }
}

interface Props {
  schema: PropertySchema;
  value: PropertyValue | undefined;
  commit(input: string): void;
  cancel(): void;
}

export function CellEditor(props: Props) {
  const { schema, value } = props;
  const ref = useRef<HTMLInputElement & HTMLSelectElement>(null);
  // Enter commits, and the blur that follows must not commit a second time.
  const done = useRef(false);
  useEffect(() => ref.current?.focus(), []);
  const once = (f: () => void) => {
    if (done.current) return;
    done.current = true;
    f();
  };
  const commit = (input: string) => once(() => props.commit(input));
  const cancel = () => once(() => props.cancel());
  const keys = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Enter') commit((e.currentTarget as HTMLInputElement).value);
    else if (e.key === 'Escape') cancel();
  };
  const label = `Edit ${schema.name}`;
  if (schema.type === 'select' || schema.type === 'status') {
    const options = (schema[schema.type] as { options: { name: string }[] }).options;
    return (
      <select
        ref={ref}
        class="cell-editor"
        aria-label={label}
        value={editorValue(value)}
        onKeyDown={keys}
        onChange={(e) => commit(e.currentTarget.value)}
        onBlur={cancel}
      >
        {schema.type === 'select' ? <option value="">—</option> : null}
        {options.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name}
          </option>
        ))}
      </select>
    );
  }
  const type = schema.type === 'number' ? 'number' : schema.type === 'date' ? 'date' : 'text';
  return (
    <input
      ref={ref}
      class="cell-editor"
      aria-label={label}
      // Preact types each input type apart; the three used here take the same attributes.
      type={type as 'text'}
      step={type === 'number' ? 'any' : undefined}
      defaultValue={editorValue(value)}
      onKeyDown={keys}
      onBlur={(e) => commit(e.currentTarget.value)}
    />
  );
}
