import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../router.js';
import type { Block, FileRef, Icon, Page, RichText } from '../workspace/notion.js';
import { pageTitle, plainText } from '../workspace/notion.js';
import { RichTextView } from './rich-text.js';

/** The URL of a file object: an external link, or a Notion-hosted file's signed URL. */
export function fileUrl(file: FileRef | null | undefined): string | undefined {
  if (!file) return undefined;
  if (file.type === 'external') return file.external.url;
  if (file.type === 'file') return file.file.url;
  return undefined;
}

export function IconView({ icon, size }: { icon: Icon; size?: 'large' }) {
  if (!icon) return null;
  const cls = size === 'large' ? 'icon icon-large' : 'icon';
  if (icon.type === 'emoji') {
    return (
      <span class={cls} role="img" aria-label="icon">
        {icon.emoji}
      </span>
    );
  }
  const url = icon.type === 'custom_emoji' ? icon.custom_emoji.url : fileUrl(icon);
  const alt = icon.type === 'custom_emoji' ? (icon.custom_emoji.name ?? 'icon') : 'icon';
  return url ? <img class={cls} src={url} alt={alt} /> : null;
}

interface FileBlock {
  caption?: RichText[];
  name?: string;
  type: string;
  external?: { url: string };
  file?: { url: string };
}

function nameOf(data: FileBlock, url: string | undefined): string {
  if (data.name) return data.name;
  if (!url) return 'File';
  try {
    return decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || url);
  } catch {
    return url;
  }
}

/** image, video, audio, pdf and file blocks. */
export function MediaBlock({ block }: { block: Block }) {
  const data = block[block.type] as FileBlock;
  const url = fileUrl(data as FileRef);
  const caption = data.caption?.length ? (
    <figcaption>
      <RichTextView value={data.caption} />
    </figcaption>
  ) : null;
  let body;
  if (block.type === 'image') body = <img src={url} alt={plainText(data.caption) || nameOf(data, url)} loading="lazy" />;
  else if (block.type === 'video' && data.type !== 'external') body = <video src={url} controls preload="none" />;
  else if (block.type === 'audio') body = <audio src={url} controls preload="none" />;
  else
    body = (
      <a class="file-card" href={url} target="_blank" rel="noreferrer">
        <span aria-hidden="true">{block.type === 'pdf' ? '📕' : block.type === 'video' ? '🎞' : '📎'} </span>
        {nameOf(data, url)}
      </a>
    );
  return (
    <figure class={`media media-${block.type}`}>
      {body}
      {caption}
    </figure>
  );
}

/** bookmark, embed and link_preview blocks: a card with the link. */
export function LinkCard({ block }: { block: Block }) {
  const data = block[block.type] as { url: string; caption?: RichText[] };
  let host = data.url;
  try {
    host = new URL(data.url).host;
  } catch {
    // not a URL: shown as given
  }
  return (
    <figure class={`link-card link-card-${block.type}`}>
      <a href={data.url} target="_blank" rel="noreferrer">
        <span class="link-card-title">{host}</span>
        <span class="link-card-url">{data.url}</span>
      </a>
      {data.caption?.length ? (
        <figcaption>
          <RichTextView value={data.caption} />
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A link to a page or database, with its title read through the API. */
export function PageLink({ id, kind, title }: { id: string; kind: 'page' | 'database'; title?: string }) {
  const [name, setName] = useState(title);
  useEffect(() => {
    if (title !== undefined) return;
    const read =
      kind === 'page'
        ? api<Page>('GET', `/pages/${id}`).then(pageTitle)
        : api<{ title: RichText[] }>('GET', `/databases/${id}`).then((d) => plainText(d.title));
    void read.then(setName, () => setName('Untitled'));
  }, [id, kind, title]);
  return (
    <a class="page-link" href={href(kind, id)}>
      <span aria-hidden="true">{kind === 'page' ? '📄' : '🗃'} </span>
      <span>{name || 'Untitled'}</span>
    </a>
  );
}
