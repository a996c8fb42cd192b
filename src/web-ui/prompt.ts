// The page /ui/ answers without the admin token when the server has one: a form that asks for
// it and nothing else (no asset, no data). Its script sends the token to /__localnotion/ui/login
// in an Authorization header and reloads; the cookie set there opens the UI
// (src/emulator/ui-access.ts). Its one script is allowed by its hash, nothing else may run.
import { createHash } from 'node:crypto';

const SCRIPT = `
const form = document.getElementById('login');
const status = document.getElementById('status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = document.getElementById('token').value.trim();
  status.textContent = 'Checking…';
  const response = await fetch('/__localnotion/ui/login', { method: 'POST', headers: { authorization: 'Bearer ' + token } }).catch(() => null);
  if (response && response.ok) return location.reload();
  status.textContent = response && response.status === 401 ? 'That is not the admin token.' : 'The server could not be reached.';
});
`;

const STYLE = `body{font-family:system-ui,sans-serif;color:#37352f;display:grid;place-items:center;min-height:90vh;margin:0}
main{max-width:26rem;padding:1.5rem}label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}button{margin-top:.75rem;padding:.5rem 1rem;font:inherit}
#status{min-height:1.5em;color:#b3261e}`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const PROMPT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>localnotion: admin token</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>localnotion</h1>
<p>This server's web UI and control API need its admin token: the one printed when the server started, or given with <code>--admin-token</code>.</p>
<form id="login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="off" required autofocus>
<button type="submit">Open the web UI</button>
<p id="status" role="alert"></p>
</form>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

export const PROMPT_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;
