/**
 * What the service is busy with, so that SIGTERM can stop it cleanly: once `stopping` is
 * set, loops take no new message, and `drain()` waits for the work in flight (the message
 * being sent) to end.
 */
export class Lifecycle {
  #stopping = false;
  readonly #work = new Set<Promise<unknown>>();

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Keeps `work` in the set the stop waits for, until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    const held = work.then(
      () => undefined,
      () => undefined,
    );
    this.#work.add(held);
    void held.then(() => this.#work.delete(held));
    return work;
  }

  /** Sets `stopping`, then resolves once everything tracked has settled (work tracked meanwhile included). */
  async drain(): Promise<void> {
    this.#stopping = true;
    while (this.#work.size) await Promise.all([...this.#work]);
  }
}
