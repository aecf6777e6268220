/** A failure caused by the caller's input (bad CSV, missing column, unreadable model). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
