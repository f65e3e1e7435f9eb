/**
 * The command line's one error type. A command throws it to stop; the entry point
 * (statusmark.ts) prints `statusmark <command>: <message>` on stderr and exits with its code.
 * Any other error is a bug, and goes out with its stack.
 */
export class CliError extends Error {
  /** 1: the work could not be done (a refusal, a bad file); 2: the command was given wrongly. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
