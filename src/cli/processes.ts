/** Processes of this machine, as the command line and the build's hand-offs look at them. */

/** Whether process `pid` runs on this machine (a signal 0 reaches it, or it is another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
