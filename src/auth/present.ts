// The JSON of the OAuth token endpoint (https://developers.notion.com/reference/create-a-token)
// and the HTML of the consent page: plain markup and a form, every value escaped.
import type { TokenGrant } from './oauth.js';

export function presentTokenResponse(grant: TokenGrant): Record<string, unknown> {
  const { integration, installation, workspace, owner } = grant;
  return {
    access_token: integration.token,
    token_type: 'bearer',
    refresh_token: installation.refresh_token,
    bot_id: integration.bot_id,
    workspace_icon: workspace.icon ?? null,
    workspace_name: workspace.name,
    workspace_id: workspace.id,
    owner: {
      type: 'user',
      user: { object: 'user', id: owner.id, name: owner.name, avatar_url: owner.avatar_url, type: 'person', person: { email: owner.email } },
    },
    // Installing never duplicates a template page here.
    duplicated_template_id: null,
  };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}label{display:block;padding:.15rem 0}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const hidden = (fields: Record<string, string | null>): string =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');

export function errorPage(message: string): string {
  return page('Authorization failed', `<h1>Something went wrong</h1>\n<p id="error">${escapeHtml(message)}</p>`);
}

export interface PersonChoice {
  id: string;
  name: string | null;
  email: string | null;
  workspaceName: string;
}

/** First step: which person (and so which workspace) is approving. */
export function choosePersonPage(integrationName: string, action: string, params: Record<string, string | null>, people: PersonChoice[]): string {
  const options = people
    .map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(`${p.name ?? 'Unnamed'}${p.email ? ` <${p.email}>` : ''} — ${p.workspaceName}`)}</option>`)
    .join('\n');
  return page(
    `${integrationName} wants to connect`,
    `<h1>${escapeHtml(integrationName)} wants to access a Notion workspace</h1>
<form method="get" action="${escapeHtml(action)}">
${hidden(params)}
<label for="user_id">Continue as</label>
<select id="user_id" name="user_id">
${options}
</select>
<p><button type="submit" id="continue">Continue</button></p>
</form>`,
  );
}

/** Second step: the pages to share, then approve or deny. */
export function consentPage(
  integrationName: string,
  workspaceName: string,
  action: string,
  params: Record<string, string | null>,
  pages: { id: string; title: string | null; type: string }[],
): string {
  const boxes = pages
    .map(
      (p) =>
        `<label><input type="checkbox" name="page" value="${escapeHtml(p.id)}" checked> ${escapeHtml(p.title || 'Untitled')}${p.type === 'child_database' ? ' (database)' : ''}</label>`,
    )
    .join('\n');
  return page(
    `${integrationName} wants to connect`,
    `<h1>${escapeHtml(integrationName)} wants to access ${escapeHtml(workspaceName)}</h1>
<form method="post" action="${escapeHtml(action)}">
${hidden(params)}
<fieldset><legend>Pages it may access</legend>
${boxes || '<p>No pages to share.</p>'}
</fieldset>
<p><button type="submit" name="decision" value="approve" id="allow">Allow access</button><button type="submit" name="decision" value="deny" id="deny">Cancel</button></p>
</form>`,
  );
}
