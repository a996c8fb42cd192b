/**
 * Code highlighting and equations load on first use, so that the first load stays small:
 * highlight.js's core with a few common languages, and KaTeX with its stylesheet.
 */
import { useEffect, useState } from 'preact/hooks';

type Highlighter = (code: string, language: string) => string | null;
type TeX = (expression: string, inline: boolean) => string;

let highlighter: Promise<Highlighter> | undefined;
let tex: Promise<TeX> | undefined;

// Notion's code block language names that differ from highlight.js's.
const ALIASES: Record<string, string> = { 'c++': 'cpp', 'c#': 'csharp', shell: 'bash', 'plain text': 'plaintext', html: 'xml', markup: 'xml' };

function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= Promise.all([
    import('highlight.js/lib/core'),
    import('highlight.js/lib/languages/javascript'),
    import('highlight.js/lib/languages/typescript'),
    import('highlight.js/lib/languages/python'),
    import('highlight.js/lib/languages/json'),
    import('highlight.js/lib/languages/bash'),
    import('highlight.js/lib/languages/sql'),
    import('highlight.js/lib/languages/xml'),
    import('highlight.js/lib/languages/css'),
    import('highlight.js/lib/languages/go'),
    import('highlight.js/lib/languages/rust'),
  ]).then(([core, js, ts, py, json, bash, sql, xml, css, go, rust]) => {
    const hljs = core.default;
    const languages = { javascript: js, typescript: ts, python: py, json, bash, sql, xml, css, go, rust };
    for (const [name, module] of Object.entries(languages)) hljs.registerLanguage(name, module.default);
    return (code, language) => {
      const name = ALIASES[language] ?? language;
      return hljs.getLanguage(name) ? hljs.highlight(code, { language: name, ignoreIllegals: true }).value : null;
    };
  });
  return highlighter;
}

function loadTeX(): Promise<TeX> {
  tex ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([katex]) =>
      (expression, inline) =>
        katex.default.renderToString(expression, { displayMode: !inline, throwOnError: false, output: 'html' }),
  );
  return tex;
}

export function Code({ code, language }: { code: string; language: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadHighlighter().then((highlight) => live && setHtml(highlight(code, language)));
    return () => {
      live = false;
    };
  }, [code, language]);
  return html === null ? <code>{code}</code> : <code class="hljs" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Equation({ expression, inline }: { expression: string; inline?: boolean }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadTeX().then((render) => live && setHtml(render(expression, inline === true)));
    return () => {
      live = false;
    };
  }, [expression, inline]);
  const Tag = inline ? 'span' : 'div';
  return html === null ? <Tag class="equation">{expression}</Tag> : <Tag class="equation" dangerouslySetInnerHTML={{ __html: html }} />;
}
