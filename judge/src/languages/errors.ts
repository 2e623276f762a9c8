/** A language pack file is broken; the message names the file and the field. */
export class PackError extends Error {
  override name = 'PackError';
}

/** No pack has this id, alias or extension. */
export class UnknownLanguageError extends Error {
  override name = 'UnknownLanguageError';
}
