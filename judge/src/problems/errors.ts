/** A problem directory is broken; the message names the file and the field. */
export class ProblemError extends Error {
  override name = 'ProblemError';
}
