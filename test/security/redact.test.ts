import { expect } from 'chai';
import { createLogger } from '../../bot/logger';
import { redactText, redactValue } from '../../common/redact';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describe('redactText', () => {
  it('redacts email addresses', () => {
    expect(redactText('write to jane.doe+orders@example.co.uk please')).to.equal('write to [email] please');
  });

  it('redacts Luhn-valid card numbers of 13 to 19 digits, grouped or not', () => {
    for (const card of [
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '4111111111111111',
      '5555555555554444',
      '3782-822463-10005',
      '4222222222222',
    ]) {
      expect(redactText(`card ${card}, thanks`), card).to.equal('card [card], thanks');
    }
  });

  it('redacts international and national phone numbers', () => {
    for (const phone of [
      '+44 20 7946 0958',
      '+1 (555) 123-4567',
      '+4915112345678',
      '020 7946 0958',
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '07700900123',
      '5551234567',
    ]) {
      expect(redactText(`call ${phone} today`), phone).to.equal('call [phone] today');
    }
  });

  it('keeps millisecond timestamps, Luhn-valid ones included', () => {
    for (const text of ['at 1764460800123', 'at 1764460800006', '{"at":1764460800006,"ms":12}', 'took 1764460800006ms']) {
      expect(redactText(text), text).to.equal(text);
    }
  });

  it('keeps addresses, ports, ids, dates and versions', () => {
    for (const text of [
      'connect ECONNREFUSED 127.0.0.1:5432',
      'postgres://postgres@127.0.0.1:5432/test',
      'from 192.168.100.200 port 3978',
      'customer 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'user 12345678-1234-1234-1234-123456789012',
      'directline:dl_9f8e7d6c5b4a and order PP-123456',
      'on 2026-11-30 or 30.11.2026 at 2026-11-30T12:00:00.000Z',
      'botbuilder 4.23.3, ticket #1234567',
      'card 1234 5678 9012 3456 fails Luhn',
    ]) {
      expect(redactText(text), text).to.equal(text);
    }
  });
});

describe('redactValue', () => {
  it("redacts an error's stack like its message", () => {
    const error = new Error('refused jane@example.com with 4111 1111 1111 1111');
    const logged = JSON.stringify(redactValue({ err: error }));
    expect(logged).to.not.contain('jane@example.com');
    expect(logged).to.not.contain('4111 1111 1111 1111');
    expect(logged).to.contain('[email]').and.to.contain('at Context');
  });
});

describeEachEngine('logging a failed database write', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('logs neither the bound values nor the personal data in them', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const words = 'my quokka parcel';
    // No such conversation: a foreign-key violation on both engines, carrying the values.
    const failed = await db('messages')
      .insert({
        conversation_id: `missing ${words}`,
        channel_id: 'webchat',
        direction: 'in',
        role: 'customer',
        text: `${words}, jane@example.com, card 4111 1111 1111 1111`,
        created_at: 1,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed, 'the insert fails').to.be.an.instanceOf(Error);
    logger.error({ err: failed }, 'message write failed');
    logger.error(failed as Error);
    const out = lines.join('');
    expect(out).to.contain('message write failed');
    for (const secret of ['quokka', 'jane@example.com', '4111 1111 1111 1111']) expect(out, secret).to.not.contain(secret);
  });
});
