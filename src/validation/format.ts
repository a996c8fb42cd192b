// Notion's validation message grammar, rendered from the validator's structured issues:
//   body failed validation: body.parent.page_id should be defined, instead was `undefined`.
//   body failed validation. Fix one:\n<one line per alternative>
import type { Issue } from './validate.js';

/** Where a request's input was read from, as validation messages name it. */
export type Location = 'body' | 'query' | 'path';

const MAX_RENDERED = 100;

/** A value as Notion quotes it after "instead was". */
export function renderValue(value: unknown): string {
  if (value === undefined) return '`undefined`';
  // Notion abbreviates arrays (observed: "...children should be not present, instead was `[...]`").
  if (Array.isArray(value)) return value.length === 0 ? '`[]`' : '`[...]`';
  // A number literal beyond a double's range (`1e309`) parses as ±Infinity, which JSON would
  // show as `null`; the message names what was sent (docs/decisions.md).
  if (typeof value === 'number' && !Number.isFinite(value)) return `\`${value}\``;
  let text = JSON.stringify(value);
  if (text.length > MAX_RENDERED) text = `${text.slice(0, MAX_RENDERED)}...`;
  return `\`${text}\``;
}

/** "a", "a or b", "a, b, or c" */
export function joinAlternatives(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, or ${items[items.length - 1]}`;
}

export function formatIssueLine(issue: Exclude<Issue, { kind: 'union' }>): string {
  switch (issue.kind) {
    case 'required':
      return `${issue.path} should be defined, instead was \`undefined\`.`;
    case 'not_present':
      return `${issue.path} should be not present, instead was ${renderValue(issue.value)}.`;
    case 'expected':
      return `${issue.path} should be ${joinAlternatives(issue.expected)}, instead was ${renderValue(issue.value)}.`;
    case 'length':
      return `${issue.path} should be ${issue.op} \`${issue.limit}\`, instead was \`${issue.actual}\`.`;
  }
}

export function formatIssue(location: string, issue: Issue): string {
  if (issue.kind === 'union') {
    const lines = issue.options.map((o) => (o.kind === 'union' ? '' : formatIssueLine(o))).filter(Boolean);
    return `${location} failed validation. Fix one:\n${lines.join('\n')}`;
  }
  return `${location} failed validation: ${formatIssueLine(issue)}`;
}
