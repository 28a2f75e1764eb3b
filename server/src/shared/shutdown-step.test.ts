import { shutdownStep } from './shutdown-step';

describe('shutdownStep', () => {
  it('names a step that outlasts its bound, and returns what the step returns', async () => {
    // given a step that finishes only once the watch has been told it is slow
    const slow: string[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const watch = {
      afterMs: 5,
      onSlow: (step: string) => {
        slow.push(step);
        finish();
      },
    };

    // when it runs
    const result = await shutdownStep(
      'the job worker',
      async () => {
        await finished;
        return 'stopped';
      },
      watch,
    );

    // then the watch heard its name, once
    expect(result).toBe('stopped');
    expect(slow).toEqual(['the job worker']);
  });

  it('says nothing of a step that finishes within its bound, and passes its failure on', async () => {
    const slow: string[] = [];
    const watch = { afterMs: 60_000, onSlow: (step: string) => slow.push(step) };
    await expect(shutdownStep('the pool', () => Promise.resolve(1), watch)).resolves.toBe(1);
    await expect(
      shutdownStep('the listener', () => Promise.reject(new Error('already closed')), watch),
    ).rejects.toThrow('already closed');
    expect(slow).toEqual([]);
  });
});
