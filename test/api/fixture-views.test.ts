// Fixtures declare the views and templates of a data source: views after its default view, in
// order; templates with a default among them; mistakes named by their place in the file.
import { afterEach, describe, expect, it } from 'vitest';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

const dataSource = (extra: Record<string, unknown>) => ({
  key: 'tasks',
  properties: { Name: { title: {} }, Status: { select: { options: [{ name: 'Open' }, { name: 'Done' }] } }, Due: { date: {} } },
  ...extra,
});

describe('views and templates in fixtures', () => {
  it('creates the views after the default one, and the templates with their default', async () => {
    const ln = await startEmulator({
      listen: false,
      seed: {
        databases: [
          {
            key: 'db',
            title: 'Tasks',
            data_sources: [
              dataSource({
                views: [
                  { name: 'Open tasks', type: 'table', filter: { property: 'Status', select: { equals: 'Open' } } },
                  {
                    name: 'By status',
                    type: 'board',
                    configuration: { type: 'board', group_by: { type: 'select', property_id: 'Status', sort: { type: 'manual' } } },
                  },
                ],
                templates: [
                  {
                    key: 'bug',
                    title: 'Bug',
                    properties: { Status: { select: { name: 'Open' } } },
                    children: [{ paragraph: { rich_text: [{ text: { content: 'Steps' } }] } }],
                    default: true,
                  },
                  { title: 'Chore' },
                ],
              }),
            ],
          },
        ],
      },
    });
    const views = await call(ln, 'GET', `/v1/views?database_id=${ln.ids.db}`);
    const names = [];
    for (const ref of views.body.results) names.push((await call(ln, 'GET', `/v1/views/${ref.id}`)).body.name);
    expect(names).toEqual(['Default view', 'Open tasks', 'By status']);
    const templates = await call(ln, 'GET', `/v1/data_sources/${ln.ids.tasks}/templates`);
    expect(templates.body.templates).toEqual([
      { id: ln.ids.bug, name: 'Bug', is_default: true },
      { id: expect.any(String), name: 'Chore', is_default: false },
    ]);
  });

  it('names a view that Notion would refuse by its place in the file', async () => {
    const failed = startEmulator({
      listen: false,
      seed: {
        databases: [
          {
            key: 'db',
            data_sources: [dataSource({ views: [{ name: 'Cal', type: 'calendar', configuration: { type: 'calendar', date_property_id: 'Status' } }] })],
          },
        ],
      },
    });
    await expect(failed).rejects.toThrow(/databases\[0\]\.data_sources\[0\]\.views\[0\].*should name a date/);
  });
});
