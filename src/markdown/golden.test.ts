// Notion's markdown, converted both ways: the docs' examples, the recordings, and each construct.
import { describe, expect, it } from 'vitest';
import { markdownToStored, roundTrip, storedToMarkdown, PAGE_ID } from './test-support.js';

const types = (md: string): string[] => markdownToStored(md).map((b) => b.type);

describe('markdown -> blocks -> markdown', () => {
  it('reads the recorded insert the way Notion answers it', () => {
    // sdkpy test_pages_update_markdown: the blank line between blocks is gone in the answer.
    expect(roundTrip('## New Section\n\nHello from markdown.')).toBe('## New Section\nHello from markdown.');
  });

  it("converts the docs' complete example", () => {
    const doc = [
      '# Project kickoff {color="blue"}',
      '',
      '<callout icon="🎯" color="blue_bg">',
      '\tShip the MVP by **Friday**.',
      '</callout>',
      '',
      '- [x] Write spec',
      '- [ ] Build prototype',
      '',
      '```python',
      'def greet(name):',
      '    return f"Hello, {name}!"',
      '```',
      '',
      '| Status | Owner |',
      '|---|---|',
      '| In progress | <mention-user url="{{user://abc12300-0000-4000-8000-000000000001}}">Ada</mention-user> |',
    ].join('\n');
    const blocks = markdownToStored(doc);
    expect(blocks.map((b) => b.type)).toEqual(['heading_1', 'callout', 'to_do', 'to_do', 'code', 'table']);
    expect(blocks[0]!.content.color).toBe('blue');
    expect(blocks[1]!.content).toMatchObject({ icon: { type: 'emoji', emoji: '🎯' }, color: 'blue_background' });
    expect(blocks[4]!.content).toMatchObject({ language: 'python' });
    const table = blocks[5]!;
    expect(table.content).toMatchObject({ table_width: 2, has_column_header: true });
    const mention = (table.children[1]!.content.cells as Array<Array<{ mention: unknown }>>)[1]![0]!;
    expect(mention.mention).toEqual({ type: 'user', user: { object: 'user', id: 'abc12300-0000-4000-8000-000000000001' } });
    expect(storedToMarkdown(blocks)).toBe(
      [
        '# Project kickoff {color="blue"}',
        '<callout icon="🎯" color="blue_bg">',
        '\tShip the MVP by **Friday**.',
        '</callout>',
        '- [x] Write spec',
        '- [ ] Build prototype',
        '```python',
        'def greet(name):',
        '    return f"Hello, {name}!"',
        '```',
        '<table header-row="true">',
        '\t<tr>',
        '\t\t<td>Status</td>',
        '\t\t<td>Owner</td>',
        '\t</tr>',
        '\t<tr>',
        '\t\t<td>In progress</td>',
        '\t\t<td><mention-user url="user://abc12300-0000-4000-8000-000000000001">Anonymous</mention-user></td>',
        '\t</tr>',
        '</table>',
      ].join('\n'),
    );
  });

  it.each([
    ['paragraph with annotations', 'Plain **bold** *italic* ~~struck~~ `code` [link](https://example.com/a)'],
    ['underline and colours', '<span underline="true">under</span> <span color="red">red</span> <span color="blue_bg">blue</span>'],
    ['inline equation and line break', 'Mass $E=mc^2$<br>next line'],
    ['headings 1-4, toggle heading', '# One\n## Two\n### Three\n#### Four\n## Toggle {toggle="true"}\n\tinside'],
    ['nested lists', '- a\n\t- b\n\t\t1. c\n\t\t2. d\n- [x] e {color="green"}'],
    ['quote with colour', '> quoted {color="gray_bg"}'],
    ['toggle', '<details color="red">\n\t<summary>Title</summary>\n\tbody\n</details>'],
    ['callout without text', '<callout icon="💡" color="gray_bg">\n\t- item\n</callout>'],
    ['code without escaping', '```javascript\nconst a = b * c; // <tag> $x$\n```'],
    ['block equation', '$$\n\\frac{a}{b}\n$$'],
    ['divider, empty block, table of contents', '---\n<empty-block/>\n<table_of_contents color="blue"/>'],
    ['columns', '<columns>\n\t<column>\n\t\tleft\n\t</column>\n\t<column>\n\t\tright\n\t</column>\n</columns>'],
    ['media', '![A caption](https://example.com/cat.png)\n<video src="https://example.com/v.mp4">clip</video>\n<file src="https://example.com/a.pdf"></file>'],
    ['html table with header column', '<table header-column="true">\n\t<tr>\n\t\t<td>a</td>\n\t\t<td>b</td>\n\t</tr>\n</table>'],
    ['synced block', `<synced_block url="https://www.notion.so/${PAGE_ID.replace(/-/g, '')}#00000000000040008000000000000001">\n\tshared\n</synced_block>`],
    ['date mention', 'Due <mention-date start="2026-01-02" end="2026-01-05"/>'],
    ['escaped characters', 'a \\* b \\[c\\] \\<d\\> \\{e\\} \\$f\\$ \\| g \\^ h \\~ i \\` j \\\\'],
  ])('%s reads back unchanged', (_, md) => {
    expect(roundTrip(md)).toBe(md);
  });
});

describe('markdown -> blocks -> markdown, piece by piece', () => {
  it('escapes what would read as markdown, and reads the escapes back as text', () => {
    const blocks = markdownToStored('\\# not a heading\n1\\. not a list\n\\- not a bullet\n2 \\* 3');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
    const texts = blocks.map((b) => (b.content.rich_text as Array<{ plain_text: string }>).map((t) => t.plain_text).join(''));
    expect(texts).toEqual(['# not a heading', '1. not a list', '- not a bullet', '2 * 3']);
  });

  it('reads the fenced-div callout and GFM pipe tables', () => {
    expect(types('::: callout {icon="⚠️" color="red_bg"}\n\tCareful\n:::')).toEqual(['callout']);
    expect(roundTrip('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<td>1</td>');
  });

  it('writes ##### and ###### as heading 4 and unknown languages as plain text', () => {
    expect(types('##### five\n###### six')).toEqual(['heading_4', 'heading_4']);
    expect(roundTrip('```klingon\nx\n```')).toBe('```plain text\nx\n```');
  });

  it('renders blocks without a markdown form as <unknown> and lists them', async () => {
    const { renderMarkdown } = await import('./render.js');
    const out = renderMarkdown([{ id: '00000000-0000-4000-8000-000000000009', type: 'bookmark', content: { url: 'https://x.y', caption: [] }, children: [] }], {
      urlBase: 'https://www.notion.so/',
      pageId: PAGE_ID,
    });
    expect(out.markdown).toBe(`<unknown url="https://www.notion.so/${PAGE_ID.replace(/-/g, '')}#00000000000040008000000000000009" alt="bookmark"/>`);
    expect(out.unknownBlockIds).toEqual(['00000000-0000-4000-8000-000000000009']);
  });

  it('splits text longer than 2,000 characters into several items', () => {
    const [block] = markdownToStored('x'.repeat(4500));
    expect((block!.content.rich_text as unknown[]).length).toBe(3);
  });
});
