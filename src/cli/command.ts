/** What every module of src/cli/commands/ exports: the entry point's command table holds them. */

/** A command's lines in `statusmark --help`: each form follows the command's name; the notes go below it, indented. */
export interface Summary {
  forms: string[];
  notes?: string[];
}

export interface Command {
  summary: Summary;
  /** What `statusmark <command> --help` prints. */
  usage: string;
  /** Runs the command on its arguments (after the command's name); resolves to the exit code, or throws a CliError. */
  run(argv: string[]): Promise<number>;
}
