import { expect } from 'chai';
import { CUSTOMER_DATA_COLUMNS, NEVER_CUSTOMER_DATA } from '../../store/customer-data-columns';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { textColumns } from '../helpers/text-columns';

describeEachEngine('customer data columns', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('says for every text column of the schema how retention, erasure and export handle it, or why it never holds customer data', async () => {
    const unlisted = (await textColumns(db)).filter((c) => !(c in CUSTOMER_DATA_COLUMNS) && !(c in NEVER_CUSTOMER_DATA));
    expect(
      unlisted,
      'text columns missing from store/customer-data-columns.ts: add each to CUSTOMER_DATA_COLUMNS (with its retention, erasure and export) or to NEVER_CUSTOMER_DATA (with why)',
    ).to.deep.equal([]);
  });

  it('lists no column the schema does not have, and none in both lists', async () => {
    const schema = new Set(await textColumns(db));
    const listed = [...Object.keys(CUSTOMER_DATA_COLUMNS), ...Object.keys(NEVER_CUSTOMER_DATA)];
    expect(
      listed.filter((c) => !schema.has(c as never)),
      'listed columns that are not text columns of the schema',
    ).to.deep.equal([]);
    expect(Object.keys(CUSTOMER_DATA_COLUMNS).filter((c) => c in NEVER_CUSTOMER_DATA)).to.deep.equal([]);
  });
});
