import { describe, expect, it } from 'vitest';
import { choosePersonPage, consentPage, errorPage } from './present.js';

describe('the consent page', () => {
  it('escapes what people and integrations named, in text and in attributes', () => {
    const html = consentPage('<b>App</b>', 'Acme & Co', '/v1/oauth/authorize', { state: '"><script>alert(1)</script>', redirect_uri: null }, [
      { id: 'p1', title: '<img src=x onerror=alert(1)>', type: 'child_page' },
      { id: 'p2', title: null, type: 'child_database' },
    ]);
    expect(html).toContain('&lt;b&gt;App&lt;/b&gt; wants to access Acme &amp; Co');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    // A field without a value is left out, not sent empty.
    expect(html).not.toContain('name="redirect_uri"');
    expect(html).toContain('Untitled (database)');
  });

  it('lists the people to continue as, with their workspace', () => {
    const html = choosePersonPage('App', '/v1/oauth/authorize', { client_id: 'c' }, [
      { id: 'u1', name: 'Ada', email: 'ada@example.com', workspaceName: 'Acme' },
      { id: 'u2', name: null, email: null, workspaceName: 'Other' },
    ]);
    expect(html).toContain('<option value="u1">Ada &lt;ada@example.com&gt; — Acme</option>');
    expect(html).toContain('<option value="u2">Unnamed — Other</option>');
    expect(errorPage('Missing or invalid redirect_uri.')).toContain('<p id="error">Missing or invalid redirect_uri.</p>');
  });
});
