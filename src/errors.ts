/**
 * Errors the user can act on. An InputError (bad input or usage) exits 2 and
 * prints its message alone, like kubeadm: `file:line: what: expected`. Any
 * other exception is a bug and exits 3.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number | null,
  ) {
    super(message);
  }

  /** `file:line: message`, or the message alone. */
  describe(): string {
    if (!this.file) return this.message;
    return `${this.file}${this.line ? `:${this.line}` : ''}: ${this.message}`;
  }
}

export class UsageError extends InputError {}
