// Notion's markdown, both directions, over the API's block model.
export { FORMATS, type MarkdownFormat, type MarkdownVersion } from './format.js';
export { markdownToRichText, richTextToMarkdown } from './inline.js';
export { parseMarkdown, type ExistingBlockRef, type NewMarkdownBlock, type ParsedBlock } from './parse.js';
export { renderEach, renderMarkdown, type RenderBlock, type RenderOptions, type RenderResult } from './render.js';
export { toBlockRequest } from './requests.js';
