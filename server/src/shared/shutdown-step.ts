/** Who hears of a shutdown step still running after `afterMs`: a shutdown that hangs says where. */
export interface SlowStepWatch {
  afterMs: number;
  onSlow(step: string): void;
}

/** Runs one named step of a shutdown; `watch`, if given, is told when the step outlasts its bound. */
export async function shutdownStep<T>(
  name: string,
  work: () => Promise<T> | T,
  watch?: SlowStepWatch,
): Promise<T> {
  if (!watch) return work();
  const timer = setTimeout(() => watch.onSlow(name), watch.afterMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
