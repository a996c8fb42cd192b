import { sql, type Kysely, type SqlBool } from 'kysely';
import { migrationDialect } from '../dialect.js';

// A query sorted by a property reads the property's index in order and stops at the page size,
// but its ties are ordered by the page's creation time and then id (docs/decisions.md, "Default
// order"), which the index did not hold: every page of a run of equal values was looked up and the
// run sorted, for each page of results. At a million pages a number shared by a thousand pages
// made every page of 100 results read a thousand pages from all over the store.
//
// Each value row now carries its page's creation time (`page_created`, which never changes after
// the page is made), and each index holds the whole order: value, creation time, page id, and the
// row's place among the page's values (`seq`, which the reads test), so the read stops after the
// page size. The indexes only hold rows that have the value they order (a row has one kind of
// value, text, number or date), so each is a fraction of what it was; a read by (data source,
// property) names the column's `is not null` for them (src/store/predicates.ts, `valuesPassing`).
const TABLE = 'page_values';
const ORDERED = ['page_created', 'page_id', 'seq'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const { text, longTextInIndexes, engine } = migrationDialect(db);
  await db.schema.alterTable(TABLE).addColumn('page_created', text).execute();
  // This code always writes the column. A row inserted without it (by an instance of the previous
  // version during a rolling restart, or from an older export) gets it from its page here, so no
  // row ever lacks it; the trigger does nothing for rows that have it.
  if (engine === 'postgres') {
    await sql`create function page_values_created() returns trigger language plpgsql as $$
      begin
        new.page_created := (select b.created_time from blocks b where b.id = new.page_id);
        return new;
      end $$`.execute(db);
    await sql`create trigger page_values_created before insert on page_values
      for each row when (new.page_created is null) execute function page_values_created()`.execute(db);
  } else {
    await sql`create trigger page_values_created after insert on page_values when new.page_created is null
      begin
        update page_values set page_created = (select b.created_time from blocks b where b.id = new.page_id) where rowid = new.rowid;
      end`.execute(db);
  }
  await sql`update page_values set page_created = (select b.created_time from blocks b where b.id = page_values.page_id)`.execute(db);
  const index = async (name: string, column: string, everyRow = false) => {
    await db.schema.dropIndex(name).ifExists().execute();
    const create = db.schema
      .createIndex(name)
      .on(TABLE)
      .columns(['data_source_id', 'property_id', column, ...ORDERED]);
    await (everyRow ? create : create.where(sql<SqlBool>`${sql.ref(column)} is not null`)).execute();
  };
  // Where text cannot be a key (PostgreSQL), text conditions read the (data source, property)
  // range of the number index (migration 0003): there it keeps every row.
  await index('page_values_num', 'num', !longTextInIndexes);
  if (longTextInIndexes) await index('page_values_txt', 'txt_lower');
  await index('page_values_date', 'date_start');
}
