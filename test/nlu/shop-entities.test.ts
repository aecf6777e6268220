import { expect } from 'chai';
import { DEMO_ORDER_NUMBER_FORMATS, extractEntities, OrderNumberFormats, orderNumberFormatsProblem, ProductCatalogue } from '../../nlu';

const orderNumbersIn = (text: string) => extractEntities(text).filter((e) => e.type === 'order_number');

describe('OrderNumberFormats', () => {
  describe('find (the demo formats)', () => {
    const written: ReadonlyArray<[string, string]> = [
      ['where is my order PP-777777?', 'PP-777777'],
      ['pp-777777 has not arrived', 'pp-777777'],
      ['Order PP123456 is late', 'PP123456'],
      ['order #123456 please', '#123456'],
      ['status of order 123456', 'order 123456'],
      ['ORDER   123456', 'ORDER   123456'],
      ['(#123456)', '#123456'],
      ['it was PP-204811.', 'PP-204811'],
    ];
    for (const [text, value] of written) {
      it(`finds "${value}" in "${text}"`, () => {
        expect(orderNumbersIn(text).map((e) => e.value)).to.deep.equal([value]);
      });
    }

    it('rewrites every format into the canonical (first) one', () => {
      const canonical = orderNumbersIn('PP-123456, PP123456, #123456 and order 123456').map((e) => e.canonical);
      expect(canonical).to.deep.equal(['PP-123456', 'PP-123456', 'PP-123456', 'PP-123456']);
    });

    it('reports spans whose text is exactly the value', () => {
      const text = 'Hi! order #555111 and PP-555222 both late';
      for (const e of orderNumbersIn(text)) expect(text.slice(e.start, e.end)).to.equal(e.value);
    });

    const lookAlikes: ReadonlyArray<[string, string]> = [
      ['a phone number', 'call me on 0123 456789'],
      ['an international phone number', 'my number is +44 7700 900123'],
      ['a bare six-digit run', 'my code is 123456'],
      ['a price', 'it cost £123456 or $123456.00'],
      ['an amount after a hash', 'the total was #123456.50'],
      ['an ISO date', 'delivered on 2026-12-01'],
      ['a numeric date', 'ordered on 12/11/2026'],
      ['a UK postcode', 'send it to PP12 3AB'],
      ['a postcode with digits only', 'we live in 75001 Paris'],
      ['a shorter digit run', 'order PP-12345 and #12345 and order 12345'],
      ['a longer digit run', 'order PP-1234567 and #1234567 and order 1234567'],
      ['a longer number with a dash', 'reference PP-123456-7'],
      ['another prefix', 'ticket XPP-123456 and APP123456'],
      ['a word that contains "order"', 'I reordered 123456 times'],
      ['an HTML entity', 'code &#123456; in the page'],
      ['a colour', 'a colour like #12345f'],
    ];
    for (const [what, text] of lookAlikes) {
      it(`finds no order number in ${what}: "${text}"`, () => {
        expect(orderNumbersIn(text)).to.deep.equal([]);
      });
    }
  });

  describe('a shop’s own formats', () => {
    const formats = new OrderNumberFormats(['SO/9999-99', 'SO999999']);
    it('finds them and writes them canonically', () => {
      expect(formats.find('was it SO/2024-11 or so202412?').map((m) => [m.value, m.canonical])).to.deep.equal([
        ['SO/2024-11', 'SO/2024-11'],
        ['so202412', 'SO/2024-12'],
      ]);
    });
  });

  describe('orderNumberFormatsProblem', () => {
    it('accepts the demo formats', () => {
      expect(orderNumberFormatsProblem(DEMO_ORDER_NUMBER_FORMATS)).to.equal(undefined);
    });
    it('refuses formats with different numbers of digit places', () => {
      expect(orderNumberFormatsProblem(['PP-999999', '#99999'])).to.match(/digit places/);
    });
    it('refuses characters that are not letters, 9 or simple punctuation', () => {
      expect(orderNumberFormatsProblem(['PP-(999)'])).to.match(/only letters/);
      expect(orderNumberFormatsProblem(['PP-123999'])).to.match(/only letters/);
    });
    it('refuses an empty list and masks with fewer than three digit places', () => {
      expect(orderNumberFormatsProblem([])).to.match(/at least one/);
      expect(orderNumberFormatsProblem(['PP-99'])).to.match(/three/);
    });
  });
});

describe('ProductCatalogue', () => {
  const catalogue = new ProductCatalogue(['Harbor jacket', 'Harbor rain jacket', 'Cobble mug', 'Lark t-shirt']);

  it('finds catalogue names whatever their case and spacing, also in the plural, longest first', () => {
    const found = catalogue.find('Two cobble  MUGS and a Harbor rain jacket, not the Harbor jackets; one Lark t-shirt');
    expect(found.map((m) => [m.value, m.canonical])).to.deep.equal([
      ['cobble  MUGS', 'Cobble mug'],
      ['Harbor rain jacket', 'Harbor rain jacket'],
      ['Harbor jackets', 'Harbor jacket'],
      ['Lark t-shirt', 'Lark t-shirt'],
    ]);
  });

  it('finds no name inside a longer word', () => {
    expect(catalogue.find('Cobble mugshot and Harbor jacketed')).to.deep.equal([]);
  });

  it('is used by extractEntities with the canonical name (the demo catalogue file)', () => {
    const products = extractEntities('My kestrel backpacks and the Aurora desk lamp arrived broken').filter((e) => e.type === 'product');
    expect(products.map((p) => [p.value, p.canonical])).to.deep.equal([
      ['kestrel backpacks', 'Kestrel backpack'],
      ['Aurora desk lamp', 'Aurora desk lamp'],
    ]);
  });
});

describe('extractEntities: emails, phone numbers, amounts and dates, and their look-alikes', () => {
  const found = (text: string, type: string) =>
    extractEntities(text)
      .filter((e) => e.type === type)
      .map((e) => e.value);
  const cases: ReadonlyArray<[string, string, string[]]> = [
    ['email', 'email me at jo.bloggs+shop@mail.example.co.uk please', ['jo.bloggs+shop@mail.example.co.uk']],
    ['email', 'not jo@localhost, jo@@example.com, @handle or jo@example', []],
    ['phone', 'call +44 20 7946 0958, 020 7946 0958 or (555) 123-4567', ['+44 20 7946 0958', '020 7946 0958', '(555) 123-4567']],
    ['phone', 'order #123456, 5 items, 12345, 10:30, 2026-03-03, £1,250.00 and postcode SW1A 1AA', []],
    ['money', 'it cost £25.99, 30 euros, $1,250.00 and 12.50 EUR', ['£25.99', '30 euros', '$1,250.00', '12.50 EUR']],
    ['money', 'I have 3 items, 25 pieces, version 2.5, order #123456 and room 12.5 m', []],
    [
      'date',
      'delivered on 3 March 2026, March 3rd, 2026-03-03, 03/03/2026 and last friday',
      ['3 March 2026', 'March 3rd', '2026-03-03', '03/03/2026', 'last friday'],
    ],
    ['date', 'born in 1990, between 10:30 and 11:45, version 2.5, order 123456, may I ask', []],
  ];
  for (const [type, text, values] of cases) {
    it(`finds ${values.length === 0 ? `no ${type}` : `${type}s ${values.join(' | ')}`} in "${text}"`, () => {
      expect(found(text, type)).to.deep.equal(values);
    });
  }
});
