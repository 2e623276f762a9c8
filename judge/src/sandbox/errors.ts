/** The Docker engine cannot be reached. */
export class DockerUnavailableError extends Error {
  override name = 'DockerUnavailableError';
}

/** A language image has not been built. */
export class ImageMissingError extends Error {
  override name = 'ImageMissingError';
  constructor(
    readonly image: string,
    readonly language: string,
  ) {
    super(`the image for language "${language}" (${image}) is not built: run \`judge lang build ${language}\``);
  }
}

/** The sandbox itself failed (container died, protocol broken): never the user's fault. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}
