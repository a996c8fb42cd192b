// Real-world markdown (README and changelog style, written with spaces and blank lines) converted
// to blocks, and what those blocks read back as.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RenderBlock } from './render.js';
import { markdownToStored, storedToMarkdown } from './test-support.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const outline = (blocks: RenderBlock[], depth = 0): string[] => blocks.flatMap((b) => [`${'  '.repeat(depth)}${b.type}`, ...outline(b.children, depth + 1)]);
const plain = (b: RenderBlock): string => ((b.content.rich_text as Array<{ plain_text: string }> | undefined) ?? []).map((t) => t.plain_text).join('');

describe('a corpus of real-world markdown', () => {
  it('converts a README', () => {
    const blocks = markdownToStored(fixture('readme.md'));
    expect(outline(blocks)).toEqual([
      'heading_1',
      'paragraph',
      'paragraph',
      'heading_2',
      'code',
      'heading_2',
      'numbered_list_item',
      '  code',
      'numbered_list_item',
      '  bulleted_list_item',
      '  bulleted_list_item',
      '    bulleted_list_item',
      '    bulleted_list_item',
      'quote',
      'heading_2',
      'table',
      '  table_row',
      '  table_row',
      '  table_row',
      '  table_row',
      'image',
      'heading_2',
      'to_do',
      'to_do',
      'divider',
      'paragraph',
    ]);
    expect(blocks[4]!.content).toMatchObject({ language: 'bash' });
    expect(plain(blocks[6]!.children[0]!)).toBe("import { widget } from 'widget-toolkit';");
    const cells = (blocks[10]!.children[3]!.content.cells as Array<Array<{ plain_text: string }>>).map((c) => c.map((t) => t.plain_text).join(''));
    expect(cells).toEqual(['title', 'string | null', 'none']);
    expect(plain(blocks[16]!)).toBe('Licensed under MIT. Costs $0 and uses <angle brackets> and {braces}.');
    // What was read reads back the same, and again after another pass.
    const md = storedToMarkdown(blocks);
    expect(outline(markdownToStored(md))).toEqual(outline(blocks));
    expect(storedToMarkdown(markdownToStored(md))).toBe(md);
  });

  it('converts a changelog with four-space nesting and math', () => {
    const blocks = markdownToStored(fixture('changelog.md'));
    expect(outline(blocks)).toEqual([
      'heading_1',
      'paragraph',
      'heading_2',
      'heading_3',
      'bulleted_list_item',
      'bulleted_list_item',
      'heading_3',
      'bulleted_list_item',
      'heading_2',
      'heading_3',
      'bulleted_list_item',
      '  bulleted_list_item',
      'paragraph',
      'equation',
    ]);
    expect(plain(blocks[2]!)).toBe('[1.2.0] - 2026-01-15');
    const md = storedToMarkdown(blocks);
    expect(storedToMarkdown(markdownToStored(md))).toBe(md);
  });
});
