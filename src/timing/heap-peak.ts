/**
 * The highest V8 heap use (and resident set size) seen during a run, sampled every few hundred simulator events and at
 * every sample step. Like wall time it varies between runs (garbage collection decides when
 * memory is given back), so it goes to the results' `timing` section, never into a run result.
 */

/** Events between two samples: often enough to see a bootstrap's peak, cheap enough not to slow it. */
const SAMPLE_EVERY = 256;

export class HeapPeak {
  private peak = 0;
  private rssPeak = 0;
  private ticks = 0;

  /** Samples now. */
  sample(): void {
    const { heapUsed, rss } = process.memoryUsage();
    if (heapUsed > this.peak) this.peak = heapUsed;
    if (rss > this.rssPeak) this.rssPeak = rss;
  }

  /** Counts an event; samples every `SAMPLE_EVERY` events. */
  tick(): void {
    if (++this.ticks % SAMPLE_EVERY === 0) this.sample();
  }

  /** The peak in bytes (after one last sample). */
  peakBytes(): number {
    this.sample();
    return this.peak;
  }

  /**
   * The peak resident set size of the process in bytes (after one last sample): the heap plus
   * WebAssembly memories, buffers and code, and whatever earlier runs in the process left behind.
   */
  peakRssBytes(): number {
    this.sample();
    return this.rssPeak;
  }
}
