// Types for the piston-client npm package (it ships none), as far as the tests use it.
declare module 'piston-client' {
  interface PistonClient {
    runtimes(): Promise<unknown>;
    execute(
      languageOrConfig: string | Record<string, unknown>,
      code?: string | Record<string, unknown>,
      config?: Record<string, unknown>,
    ): Promise<unknown>;
  }
  export function piston(opts?: { server?: string }): PistonClient;
  export default piston;
}
