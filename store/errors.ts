/** Bad input from a client: maps to 400. */
export class InputError extends Error {
  override name = 'InputError';
}
/** A referenced thing does not exist: maps to 404. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
/** The request conflicts with the current state (stale eTag, already taken): maps to 409. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}
/** Missing or wrong credentials: maps to 401. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}
/** A feature is switched off by configuration (e.g. admin key unset in production): maps to 503. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}
