/** Where a command writes and what it reads of its environment: the process's streams in the CLI, buffers in tests. */
export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}
