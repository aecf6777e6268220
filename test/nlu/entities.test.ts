import { expect } from 'chai';

import { extractEntities } from '../../nlu';

describe('extractEntities', () => {
  it('finds order numbers, money, e-mails and phone numbers with exact spans', () => {
    const text = 'Order PP-204811 cost $25.50, email me at jo@shop.com or call +44 20 7946 0958';
    expect(extractEntities(text)).to.deep.equal([
      { type: 'order_number', value: 'PP-204811', start: 6, end: 15 },
      { type: 'money', value: '$25.50', start: 21, end: 27 },
      { type: 'email', value: 'jo@shop.com', start: 41, end: 52 },
      { type: 'phone', value: '+44 20 7946 0958', start: 61, end: 77 },
    ]);
  });

  it('finds dates written in words and numbers', () => {
    const dates = extractEntities('It shipped on March 3rd, not 2024-05-01 or yesterday').filter((e) => e.type === 'date');
    expect(dates.map((d) => d.value)).to.deep.equal(['March 3rd', '2024-05-01', 'yesterday']);
  });

  it('finds product names without their determiners', () => {
    const products = extractEntities('My Nike Air Max shoes and the iPhone 15 Pro arrived broken').filter((e) => e.type === 'product');
    expect(products.map((p) => p.value)).to.deep.equal(['Nike Air Max shoes', 'iPhone 15 Pro']);
  });

  it('returns spans whose value is exactly the text between start and end', () => {
    const text = 'I paid 30 euros yesterday for the blue jacket, order AB-99887, call 555-123-4567';
    const entities = extractEntities(text);
    expect(entities.length).to.be.greaterThan(3);
    for (const e of entities) expect(text.slice(e.start, e.end)).to.equal(e.value);
  });

  it('returns nothing for a message without entities', () => {
    expect(extractEntities('hello, can you help me?')).to.deep.equal([]);
  });
});
