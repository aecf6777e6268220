import type { ConnectorClient } from 'botframework-connector';

type OperationSpec = Parameters<ConnectorClient['sendOperationRequest']>[1];
type BodyMapper = NonNullable<NonNullable<OperationSpec['requestBody']>['mapper']>;

/**
 * Makes `client` send activities (replies, messages to a conversation, updates) as they are,
 * with `JSON.stringify`, instead of walking them through the connector's Activity model.
 *
 * That model walk was the costliest part of sending a reply (a quarter of the connector call's
 * CPU in the turn profile, docs/benchmarks-turns.md) and changes nothing for the activities this
 * bot sends: the model renames no property, has no defaults or constraints, and its dates
 * serialise like `JSON.stringify` serialises them. It only dropped properties it does not know:
 * none, as every outgoing activity is built from botbuilder's `Activity` type, except an
 * entity's own fields (which entities are meant to carry; this bot sends no entities). Everything else about
 * the call stays: its URL and headers, the client's pipeline (credentials, retries), and reading
 * the response, errors included.
 */
export function sendPlainActivityBodies(client: ConnectorClient): ConnectorClient {
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = (operationArguments, operationSpec, callback) =>
    send(operationArguments, plainBodyOf(operationSpec), callback);
  return client;
}

/** An activity body taken as a plain object; still required, like the model it replaces. */
const PLAIN_ACTIVITY: BodyMapper = { required: true, serializedName: 'activity', type: { name: 'Object' } };

/** The connector's specs are module constants: each one's plain twin is made once. */
const plainSpecs = new WeakMap<OperationSpec, OperationSpec>();

function plainBodyOf(spec: OperationSpec): OperationSpec {
  const mapper = spec.requestBody?.mapper;
  if (mapper?.type.name !== 'Composite' || mapper.type.className !== 'Activity') return spec;
  let plain = plainSpecs.get(spec);
  if (!plain) {
    plain = {
      ...spec,
      requestBody: { ...spec.requestBody, parameterPath: spec.requestBody?.parameterPath ?? 'activity', mapper: PLAIN_ACTIVITY },
    };
    plainSpecs.set(spec, plain);
  }
  return plain;
}
