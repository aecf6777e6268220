/**
 * A knowledge-base article file that cannot be used: unreadable, broken YAML front matter,
 * a missing or wrongly typed field, or an id that does not match the file name.
 * The message always starts with the file name so an operator can fix the right file.
 */
export class KbFileError extends Error {
  /** The file name (or path) of the broken article. */
  readonly fileName: string;
  /** Why the file was refused, without the file name. */
  readonly reason: string;

  /**
   * @param fileName - the file the problem was found in
   * @param reason - a human-readable explanation of the problem
   */
  constructor(fileName: string, reason: string) {
    super(`${fileName}: ${reason}`);
    this.name = 'KbFileError';
    this.fileName = fileName;
    this.reason = reason;
  }
}
