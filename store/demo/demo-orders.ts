import { DAY_MS } from '../../common/time';
import type { DbOrderRow, OrderStatus } from '../orders';
import { DemoRandom } from './demo-random';

/** One order of the small sample every new database starts with (fictional customers). */
interface SampleOrder {
  number: string;
  email: string;
  shopUserId: string | null;
  name: string;
  status: OrderStatus;
  items: Array<[string, number]>;
  carrier: string | null;
  /** Days from now to the expected delivery (negative: in the past). */
  dueInDays: number | null;
  address: string;
  phone: string;
  payment: string;
}

/**
 * The sample orders written on first start, so "where is my order PP-777777?" works in a new
 * install (docs/order-lookup.md lists them with their emails).
 */
export const SAMPLE_ORDERS: readonly SampleOrder[] = [
  {
    number: 'PP-777777',
    email: 'robin.vale@example.com',
    shopUserId: 'shop-user-1001',
    name: 'Robin Vale',
    status: 'shipped',
    items: [
      ['Kestrel backpack', 1],
      ['Cobble mug', 2],
    ],
    carrier: 'Parcelwing',
    dueInDays: 2,
    address: '14 Larch Row, Millbrook, MB3 9QT',
    phone: '+44 7700 900417',
    payment: 'Visa ending 4242',
  },
  {
    number: 'PP-204811',
    email: 'sam.okafor@example.com',
    shopUserId: null,
    name: 'Sam Okafor',
    status: 'processing',
    items: [['Harbor rain jacket', 1]],
    carrier: null,
    dueInDays: 5,
    address: '3 Quarry Lane, Eastfold, EF1 2AB',
    phone: '+44 7700 900218',
    payment: 'Mastercard ending 5100',
  },
  {
    number: 'PP-318450',
    email: 'ines.marlow@example.com',
    shopUserId: 'shop-user-1002',
    name: 'Ines Marlow',
    status: 'out_for_delivery',
    items: [
      ['Moss throw', 1],
      ['Bramble candle', 3],
    ],
    carrier: 'Northway Freight',
    dueInDays: 0,
    address: '88 Tidewater Road, Portlow, PL4 7HD',
    phone: '+44 7700 900932',
    payment: 'PayPal (i***@example.com)',
  },
  {
    number: 'PP-562093',
    email: 'robin.vale@example.com',
    shopUserId: 'shop-user-1001',
    name: 'Robin Vale',
    status: 'delivered',
    items: [['Aurora desk lamp', 1]],
    carrier: 'Parcelwing',
    dueInDays: -3,
    address: '14 Larch Row, Millbrook, MB3 9QT',
    phone: '+44 7700 900417',
    payment: 'Klarna Pay in 3',
  },
  {
    number: 'PP-640172',
    email: 'theo.brennan@example.com',
    shopUserId: null,
    name: 'Theo Brennan',
    status: 'cancelled',
    items: [['Tern kettle', 1]],
    carrier: null,
    dueInDays: null,
    address: '5 Mill Cottages, Greywick, GW2 6LN',
    phone: '+44 7700 900555',
    payment: 'Visa ending 1881',
  },
];

/** The {@link SAMPLE_ORDERS} as rows, with dates relative to `now`. */
export function sampleOrderRows(now: number): DbOrderRow[] {
  return SAMPLE_ORDERS.map((o) => ({
    order_number: o.number,
    email: o.email,
    shop_user_id: o.shopUserId,
    customer_name: o.name,
    status: o.status,
    items: JSON.stringify(o.items.map(([name, quantity]) => ({ name, quantity }))),
    carrier: o.carrier,
    expected_delivery: o.dueInDays === null ? null : isoDate(now + o.dueInDays * DAY_MS),
    shipping_address: o.address,
    phone: o.phone,
    payment_summary: o.payment,
    placed_at: now - 3 * DAY_MS,
    updated_at: now,
  }));
}

const FIRST_NAMES = ['Alex', 'Bea', 'Cato', 'Dilys', 'Emrys', 'Freya', 'Gus', 'Hana', 'Ivo', 'Juno', 'Kit', 'Lior'];
const LAST_NAMES = ['Ashdown', 'Brook', 'Calloway', 'Dunmore', 'Ellery', 'Fenwick', 'Garrow', 'Hale', 'Ingram', 'Jessop'];
const STREETS = ['Alder Way', 'Beacon Hill', 'Cinder Lane', 'Dovecote Road', 'Elm Close', 'Ferry Street'];
const PRODUCTS = ['Kestrel backpack', 'Cobble mug', 'Moss throw', 'Harbor jacket', 'Tundra boots', 'Lark hoodie', 'Quill notebook'];
const CARRIERS = ['Parcelwing', 'Northway Freight', 'Swiftpost'];
const STATUSES: readonly OrderStatus[] = ['processing', 'shipped', 'shipped', 'out_for_delivery', 'delivered', 'delivered', 'cancelled'];

/**
 * `count` seeded, fictional orders for `npm run demo:seed`, numbered from PP-100000 upwards
 * (the sample's numbers are outside that run), placed over the last 30 days.
 */
export function demoOrderRows(count: number, seed: number, now: number): DbOrderRow[] {
  const random = new DemoRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const status = random.pick(STATUSES);
    const placed = now - random.int(0, 30) * DAY_MS;
    const items = Array.from({ length: random.int(1, 3) }, () => ({ name: random.pick(PRODUCTS), quantity: random.int(1, 2) }));
    return {
      order_number: `PP-${String(100_000 + i).padStart(6, '0')}`,
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      shop_user_id: random.chance(0.5) ? `shop-user-${5000 + i}` : null,
      customer_name: `${first} ${last}`,
      status,
      items: JSON.stringify(items),
      carrier: status === 'processing' || status === 'cancelled' ? null : random.pick(CARRIERS),
      expected_delivery: status === 'cancelled' ? null : isoDate(placed + random.int(2, 6) * DAY_MS),
      shipping_address: `${random.int(1, 99)} ${random.pick(STREETS)}, Millbrook`,
      phone: `+44 7700 9${String(random.int(0, 99_999)).padStart(5, '0')}`,
      payment_summary: `Visa ending ${random.int(1000, 9999)}`,
      placed_at: placed,
      updated_at: placed,
    };
  });
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
