import fc from 'fast-check';

/** The body-size limit the hostile-input suites start the server with (small, for speed). */
export const HOSTILE_MAX_BODY_BYTES = 4096;

/** A raw request body: text, or bytes that need not be valid UTF-8. */
export type RawBody = string | Uint8Array<ArrayBuffer> | undefined;

/** Strings mixing the unicode cases parsers and databases trip on. */
export function hostileString(maxLength = 64): fc.Arbitrary<string> {
  const pieces = fc.constantFrom(
    '\uD800', // lone high surrogate
    '\uDFFF', // lone low surrogate
    '\u202E', // right-to-left override
    '\u200B\u200D\uFEFF', // zero-width space, joiner, BOM
    '\u0000',
    '👩‍👩‍👧‍👦',
    '🏳️‍🌈',
    'שלום עולם',
    'مرحبا',
    'e\u0301\u0301\u0301',
    "'; drop table messages; --",
    '<script>alert(1)</script>',
    '{{title}}',
    '../../etc/passwd',
    '%00%ff',
    '\r\n\t',
  );
  return fc
    .array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ maxLength: 8 })), {
      maxLength: Math.max(1, Math.ceil(maxLength / 4)),
    })
    .map((parts) => parts.join('').slice(0, maxLength));
}

/** JSON nested `depth` levels deep, as objects or arrays. */
export function deepJson(depth: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { v: value };
  return value;
}

/** A string of roughly `bytes` UTF-8 bytes made of `unit`. */
export function hugeString(bytes: number, unit: string): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / Buffer.byteLength(unit))));
}

/**
 * Any value a client could send as JSON in a known field: wrong types, hostile strings,
 * deep nesting, huge strings near and over {@link HOSTILE_MAX_BODY_BYTES}.
 */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 3, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, '', [], {}) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 600 }).chain((d) => fc.boolean().map((a) => deepJson(d, a))) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: HOSTILE_MAX_BODY_BYTES - 600, max: HOSTILE_MAX_BODY_BYTES + 600 })
        .chain((n) => fc.constantFrom('x', 'é', '😀', '\u200B').map((u) => hugeString(n, u))),
    },
  );
}

/** Broken JSON texts: truncated, trailing garbage, bare words, duplicate keys, BOMs. */
export function brokenJsonText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.json().chain((text) => fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
    fc.json().map((text) => `${text}}`),
    fc.constantFrom(
      '{',
      '[',
      '{"type": "message", ',
      'undefined',
      'NaN',
      "{'a':1}",
      '{"a":1,}',
      '\uFEFF{}',
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"a":1,"a":2}',
      'null',
      '"text"',
      '1e999999',
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
}

/** A JSON object with a hostile value put in one of `fields` (wrong types in known fields). */
export function objectWithHostileField(base: Record<string, unknown>, fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({ field: fc.constantFrom(...fields), value: hostileValue() }).map(({ field, value }) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base));
    setPath(copy, field.split('.'), value);
    return copy;
  });
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** A hostile request body with the content type it is sent with. */
export interface HostileBody {
  contentType?: string;
  body: RawBody;
}

const contentTypes = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/merge-patch+json',
  'application/jsonp',
  'image/png',
  ';;;',
];

/**
 * Any request body: random JSON, `fc.anything()` serialised, broken JSON text, raw bytes,
 * form-encoded text, values in known fields of `base` with wrong types, each under a
 * JSON or a wrong content type.
 */
export function hostileBody(base: Record<string, unknown> = {}, fields: string[] = []): fc.Arbitrary<HostileBody> {
  const json = (arb: fc.Arbitrary<unknown>) => arb.map((v) => JSON.stringify(v) as string | undefined);
  const bodies: Array<fc.Arbitrary<RawBody>> = [
    json(fc.jsonValue({ maxDepth: 4 })),
    json(fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })),
    json(hostileValue()),
    brokenJsonText(),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => new Uint8Array(bytes)),
    fc.dictionary(hostileString(16), hostileString(32)).map((d) => new URLSearchParams(d).toString()),
    fc.constant('a[b][c][d][e][f][g][h][i][j][k][l][m][n][o][p][q][r][s][t][u][v][w][x][y][z]=1&__proto__[x]=1'),
  ];
  if (fields.length > 0) bodies.push(json(objectWithHostileField(base, fields)));
  return fc.record({
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, fc.constantFrom(...contentTypes)),
    body: fc.oneof(...bodies),
  });
}

/** A URL path segment: hostile text percent-encoded as UTF-8, or raw broken escapes. */
export function hostilePathSegment(): fc.Arbitrary<string> {
  const encoded = hostileString(80).map((s) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
      .join(''),
  );
  return fc.oneof(
    encoded,
    fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
    fc.constantFrom('%', '%ff', '%E0%A4%A', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', '~', hugeString(3000, 'a')),
  );
}

/** An `Authorization` header value a client could send: missing, empty, garbage, wrong scheme, fake JWTs. */
export function hostileAuthorization(): fc.Arbitrary<string | undefined> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const printable = fc.string({ minLength: 0, maxLength: 120 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
  return fc.oneof(
    fc.constantFrom(
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic YWRtaW46YWRtaW4=',
      'bearer null',
      'Bearer undefined',
      'Bearer a.b.c',
      `Bearer ${hugeString(6000, 'A')}`,
    ),
    printable,
    printable.map((s) => `Bearer ${s}`),
    fc
      .record({ alg: fc.constantFrom('none', 'HS256', 'RS256', 'ES256'), sub: fc.oneof(fc.string(), fc.integer()), cid: fc.string() })
      .map(
        ({ alg, sub, cid }) =>
          `Bearer ${b64({ alg, typ: 'JWT' })}.${b64({ sub, user: sub, cid, iss: 'support-bot', aud: 'support-bot:directline', exp: 4_102_444_800 })}.`,
      ),
  );
}
