import type { ConnectorClient } from 'botframework-connector';

type OperationSpec = Parameters<ConnectorClient['sendOperationRequest']>[1];
type OperationArguments = Parameters<ConnectorClient['sendOperationRequest']>[0];
type BodyMapper = NonNullable<NonNullable<OperationSpec['requestBody']>['mapper']>;

/**
 * Makes `client` send activities (replies, messages to a conversation, updates) with
 * `JSON.stringify` after a shallow trim, instead of walking them through the connector's
 * Activity model.
 *
 * That model walk was the costliest part of sending a reply (a quarter of the connector call's
 * CPU in the turn profile, docs/benchmarks-turns.md). The model renames no property, has no
 * defaults or constraints, and its dates serialise like `JSON.stringify` serialises them; what
 * it did besides was drop the properties it does not know. That is kept where it matters: the
 * activity's own properties and those of its model-typed parts (`from`, `recipient` and
 * `conversation` are copied from the incoming activity, whose sender may add anything to them)
 * are reduced to the model's names. Deeper parts go as they are: the model passed cards,
 * channel data and values through untouched anyway; it did drop an entity's own fields, which
 * entities are meant to carry (this bot sends none). Also gone are its type checks of values
 * this bot builds itself. Everything else about the call stays: its URL and headers, the
 * client's pipeline (credentials, retries), and reading the response, errors included.
 */
export function sendPlainActivityBodies(client: ConnectorClient): ConnectorClient {
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = (operationArguments, operationSpec, callback) => {
    const plain = plainTwinOf(operationSpec);
    if (!plain) return send(operationArguments, operationSpec, callback);
    return send(trimmedArguments(operationArguments, plain), plain.spec, callback);
  };
  return client;
}

/** An operation sending an activity, with the activity taken as a plain object. */
interface PlainTwin {
  spec: OperationSpec;
  /** The argument that holds the activity. */
  parameter: string;
  /** The Activity model's property names, and those of each of its model-typed properties. */
  known: ReadonlySet<string>;
  knownIn: ReadonlyMap<string, ReadonlySet<string>>;
}

/** An activity body taken as a plain object; still required, like the model it replaces. */
const PLAIN_ACTIVITY: BodyMapper = { required: true, serializedName: 'activity', type: { name: 'Object' } };

/** The connector's specs are module constants: each one's twin is made once (null: not an activity send). */
const twins = new WeakMap<OperationSpec, PlainTwin | null>();

function plainTwinOf(spec: OperationSpec): PlainTwin | undefined {
  let twin = twins.get(spec);
  if (twin === undefined) {
    twin = makeTwin(spec);
    twins.set(spec, twin);
  }
  return twin ?? undefined;
}

function makeTwin(spec: OperationSpec): PlainTwin | null {
  const body = spec.requestBody;
  const mapper = body?.mapper;
  const parameter = body?.parameterPath;
  if (!body || mapper?.type.name !== 'Composite' || mapper.type.className !== 'Activity' || typeof parameter !== 'string') return null;
  // The model's names come from the spec (or its serializer's models); without them, the stock path.
  const properties = mapper.type.modelProperties ?? activityModelOf(spec)?.modelProperties;
  if (!properties || Object.keys(properties).length === 0) return null;
  const knownIn = new Map<string, ReadonlySet<string>>();
  for (const [name, property] of Object.entries(properties)) {
    const type = property.type;
    if (type.name !== 'Composite' || !type.className) continue;
    const model = spec.serializer.modelMappers[type.className]?.type;
    if (model?.name === 'Composite' && model.modelProperties) knownIn.set(name, new Set(Object.keys(model.modelProperties)));
  }
  return {
    spec: { ...spec, requestBody: { ...body, mapper: PLAIN_ACTIVITY } },
    parameter,
    known: new Set(Object.keys(properties)),
    knownIn,
  };
}

function activityModelOf(spec: OperationSpec): { modelProperties?: Record<string, BodyMapper> } | undefined {
  const model = spec.serializer.modelMappers.Activity?.type;
  return model?.name === 'Composite' ? model : undefined;
}

/** The operation's arguments with the activity reduced to the names its model knows, one level deep. */
function trimmedArguments(args: OperationArguments, twin: PlainTwin): OperationArguments {
  const activity = args[twin.parameter];
  if (typeof activity !== 'object' || activity === null) return args;
  const trimmed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(activity)) {
    if (!twin.known.has(name)) continue;
    const known = twin.knownIn.get(name);
    trimmed[name] = known && isPlainObject(value) ? pick(value, known) : value;
  }
  return { ...args, [twin.parameter]: trimmed };
}

function pick(value: Record<string, unknown>, names: ReadonlySet<string>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) if (names.has(name)) picked[name] = v;
  return picked;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
