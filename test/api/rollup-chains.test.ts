// Rollups over properties that are themselves computed: a rollup of a rollup, or of a formula,
// aggregates the results those give (docs/decisions.md).
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createRow, getPage, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();

let project: Json;
let empty: Json;

const rollup = (relation: string, property: string, fn: string) => ({
  rollup: { function: fn, relation_property_name: relation, rollup_property_name: property },
});

beforeAll(async () => {
  const parts = (await createDatabase(server, { Name: { title: {} }, Cost: { number: {} }, Made: { date: {} } }, { title: 'Parts' })).dataSourceId;
  const part = async (name: string, cost: number | null, made: string) =>
    createRow(server, parts, { ...titled(name), Cost: { number: cost }, Made: { date: { start: made } } });
  const [bolt, nut, gear, axle] = [
    await part('Bolt', 2, '2024-03-05'),
    await part('Nut', 3, '2024-01-20'),
    await part('Gear', 10, '2024-06-01'),
    await part('Axle', null, '2023-11-30'),
  ];

  const tasks = (
    await createDatabase(
      server,
      {
        Name: { title: {} },
        Parts: { relation: { data_source_id: parts, single_property: {} } },
        'Parts cost': rollup('Parts', 'Cost', 'sum'),
        'First made': rollup('Parts', 'Made', 'earliest_date'),
        Costs: rollup('Parts', 'Cost', 'show_original'),
        Doubled: { formula: { expression: 'prop("Parts cost") * 2' } },
      },
      { title: 'Tasks' },
    )
  ).dataSourceId;
  const task = async (name: string, related: Json[]) => createRow(server, tasks, { ...titled(name), Parts: { relation: related.map((p) => ({ id: p.id })) } });
  // Costs 5, 10 and none (Axle has no cost; a task without parts sums to 0).
  const [first, second, third] = [await task('Frame', [bolt, nut]), await task('Drive', [gear, axle]), await task('Paint', [])];

  const projects = (
    await createDatabase(
      server,
      {
        Name: { title: {} },
        Tasks: { relation: { data_source_id: tasks, single_property: {} } },
        Total: rollup('Tasks', 'Parts cost', 'sum'),
        Mean: rollup('Tasks', 'Parts cost', 'average'),
        Middle: rollup('Tasks', 'Parts cost', 'median'),
        Most: rollup('Tasks', 'Parts cost', 'max'),
        Least: rollup('Tasks', 'Parts cost', 'min'),
        Spread: rollup('Tasks', 'Parts cost', 'range'),
        'Doubled total': rollup('Tasks', 'Doubled', 'sum'),
        'All costs': rollup('Tasks', 'Costs', 'sum'),
        Earliest: rollup('Tasks', 'First made', 'earliest_date'),
        Latest: rollup('Tasks', 'First made', 'latest_date'),
      },
      { title: 'Projects' },
    )
  ).dataSourceId;
  project = await createRow(server, projects, { ...titled('Bike'), Tasks: { relation: [first, second, third].map((t) => ({ id: t.id })) } });
  empty = await createRow(server, projects, titled('Nothing yet'));
});

const rolled = async (page: Json, name: string) => (await getPage(server, page.id)).properties[name].rollup;

describe('rollups of rollups and formulas', () => {
  it('sum the numbers the rolled-up rollups give', async () => {
    expect(await rolled(project, 'Total')).toEqual({ type: 'number', number: 15, function: 'sum' });
  });

  it('average, median, max, min and range them too', async () => {
    const page = await getPage(server, project.id);
    // The three tasks give 5, 10 and 0.
    expect(page.properties.Mean.rollup).toEqual({ type: 'number', number: 5, function: 'average' });
    expect(page.properties.Middle.rollup).toEqual({ type: 'number', number: 5, function: 'median' });
    expect(page.properties.Most.rollup).toEqual({ type: 'number', number: 10, function: 'max' });
    expect(page.properties.Least.rollup).toEqual({ type: 'number', number: 0, function: 'min' });
    expect(page.properties.Spread.rollup).toEqual({ type: 'number', number: 10, function: 'range' });
  });

  it('sum the numbers of formulas that read rollups', async () => {
    expect(await rolled(project, 'Doubled total')).toEqual({ type: 'number', number: 30, function: 'sum' });
  });

  it('sum every number a listing rollup shows', async () => {
    expect(await rolled(project, 'All costs')).toEqual({ type: 'number', number: 15, function: 'sum' });
  });

  it('take the earliest and latest of the dates rolled-up rollups give', async () => {
    expect(await rolled(project, 'Earliest')).toEqual({ type: 'date', date: { start: '2023-11-30', end: null, time_zone: null }, function: 'earliest_date' });
    expect(await rolled(project, 'Latest')).toEqual({ type: 'date', date: { start: '2024-01-20', end: null, time_zone: null }, function: 'latest_date' });
  });

  it('give 0 and empty values over no related pages', async () => {
    const page = await getPage(server, empty.id);
    expect(page.properties.Total.rollup).toEqual({ type: 'number', number: 0, function: 'sum' });
    expect(page.properties.Mean.rollup).toEqual({ type: 'number', number: null, function: 'average' });
    expect(page.properties.Earliest.rollup).toEqual({ type: 'date', date: null, function: 'earliest_date' });
  });

  it('give the same value on the property item endpoint', async () => {
    const id = (await getPage(server, project.id)).properties.Total.id;
    const res = await server.request('GET', `/v1/pages/${project.id}/properties/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.property_item.rollup).toEqual({ type: 'number', number: 15, function: 'sum' });
  });
});
