import { dialectOf, type Knex } from '../../store/db';

/** A text column of the schema, `table.column`. */
export type ColumnName = `${string}.${string}`;

/** Every text-typed column (text, varchar, char, json) of every table, read from the database itself. */
export async function textColumns(db: Knex): Promise<ColumnName[]> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await db.raw<{ rows: Array<{ table_name: string; column_name: string }> }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = current_schema()
          and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`,
    );
    return rows.map((r) => `${r.table_name}.${r.column_name}` as const).sort();
  }
  const tables: Array<{ name: string }> = await db.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
  const columns: ColumnName[] = [];
  for (const { name } of tables) {
    const info: Array<{ name: string; type: string }> = await db.raw(`pragma table_info(${JSON.stringify(name)})`);
    // SQLite's type affinity: a declared type containing CHAR, CLOB or TEXT stores text.
    for (const c of info) if (/char|clob|text|json/i.test(c.type)) columns.push(`${name}.${c.name}`);
  }
  return columns.sort();
}

/** The columns (`table.column`) in which some row's value contains `needle` (no LIKE wildcards in it), with how many rows. */
export async function columnsContaining(db: Knex, needle: string): Promise<Record<ColumnName, number>> {
  const found: Record<ColumnName, number> = {};
  for (const name of await textColumns(db)) {
    const [table, column] = name.split('.');
    const [{ n }] = await db(table)
      .whereRaw('cast(?? as text) like ?', [column, `%${needle}%`])
      .count({ n: '*' });
    if (Number(n) > 0) found[name] = Number(n);
  }
  return found;
}
