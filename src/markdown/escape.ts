// Notion's escaping of text outside code: a backslash before each character that markdown or its
// tags would read (https://developers.notion.com/guide/enhanced-markdown).
const ALWAYS = /[\\*~`$[\]<>{}|^]/g;

export function escapeText(text: string): string {
  return (
    text
      .replace(ALWAYS, (c) => `\\${c}`)
      // `_` and `&` are escaped only where CommonMark would read them: as emphasis at a word edge,
      // or as the start of a character reference.
      .replace(/_/g, (c, at: number, s: string) => (/[\p{L}\p{N}]/u.test(s[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[at + 1] ?? '') ? c : `\\${c}`))
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
  );
}

/**
 * A line that would start a block of another kind (`# `, `- `, `1. `, `> `, `---`) keeps its
 * first character escaped so that it reads back as the same paragraph.
 */
export function escapeLineStart(line: string): string {
  // Leading white space would be read as indentation: it is kept as a character reference.
  if (line.startsWith(' ')) return `&#32;${line.slice(1)}`;
  if (line.startsWith('\t')) return `&#9;${line.slice(1)}`;
  if (/^(#{1,6}(\s|$)|[-+*](\s|$)|=+\s*$|-{3,}\s*$|[>:])/.test(line)) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return line;
}
