import { describe, expect, it } from 'vitest';
import { inlineMarkdown } from './inline-markdown.js';

/** Each item as [content, styles, link]. */
const shape = (markdown: string) =>
  inlineMarkdown(markdown).map((item) => {
    const { text, annotations } = item as { text: { content: string; link: { url: string } | null }; annotations: Record<string, boolean> };
    const styles = Object.entries(annotations)
      .filter(([, on]) => on)
      .map(([k]) => k)
      .join('+');
    return [text.content, styles, text.link?.url ?? null];
  });

describe('inline Markdown of comments', () => {
  it('reads bold, italic, strikethrough, code and links', () => {
    expect(shape('plain **bold** *it* _it_ ~~gone~~ `x = 1` [site](https://example.com)')).toEqual([
      ['plain ', '', null],
      ['bold', 'bold', null],
      [' ', '', null],
      ['it', 'italic', null],
      [' ', '', null],
      ['it', 'italic', null],
      [' ', '', null],
      ['gone', 'strikethrough', null],
      [' ', '', null],
      ['x = 1', 'code', null],
      [' ', '', null],
      ['site', '', 'https://example.com'],
    ]);
  });

  it('nests styles, and keeps code literal', () => {
    expect(shape('**bold *both***')).toEqual([
      ['bold ', 'bold', null],
      ['both', 'bold+italic', null],
    ]);
    expect(shape('`**not bold**`')).toEqual([['**not bold**', 'code', null]]);
    expect(shape('[**strong link**](https://a.example)')).toEqual([['strong link', 'bold', 'https://a.example']]);
  });

  it('leaves unclosed markers, escaped ones and intraword underscores as text', () => {
    expect(shape('2 * 3 = 6 and **open')).toEqual([['2 * 3 = 6 and **open', '', null]]);
    expect(shape('\\*not italic\\*')).toEqual([['*not italic*', '', null]]);
    expect(shape('snake_case_name')).toEqual([['snake_case_name', '', null]]);
    expect(shape('[no url]')).toEqual([['[no url]', '', null]]);
  });

  it('splits text longer than one rich text item may hold', () => {
    const items = shape('a'.repeat(4500));
    expect(items.map(([content]) => (content as string).length)).toEqual([2000, 2000, 500]);
  });

  it("reads Notion's inline tags and equations as pages do, and keeps blank lines", () => {
    const items = inlineMarkdown('<span color="red">red</span> $x^2$\n\nnext') as Array<Record<string, unknown>>;
    expect(items[0]).toMatchObject({ text: { content: 'red' }, annotations: { color: 'red' } });
    expect(items[2]).toMatchObject({ type: 'equation', equation: { expression: 'x^2' } });
    expect(items[3]).toMatchObject({ text: { content: '\n\nnext' } });
  });
});
