/**
 * The highest V8 heap use (and resident set size) seen during a run, sampled every few hundred simulator events and at
 * every sample step. Like wall time it varies between runs (garbage collection decides when
 * memory is given back), so it goes to the results' `timing` section, never into a run result.
 */

import { getHeapStatistics } from 'node:v8';

/** Events between two samples: often enough to see a bootstrap's peak, cheap enough not to slow it. */
const SAMPLE_EVERY = 256;
/**
 * Heap samples between two reads of the resident set size, which costs a system call (about
 * 4 µs here, where the heap's figure costs 1 µs and `process.memoryUsage()` both and more, 9 µs).
 */
const RSS_EVERY = 16;

export class HeapPeak {
  private peak = 0;
  private rssPeak = 0;
  private ticks = 0;

  private samples = 0;

  /** Samples now (the resident set size only every `RSS_EVERY` samples, unless `withRss`). */
  sample(withRss = true): void {
    const heapUsed = getHeapStatistics().used_heap_size;
    if (heapUsed > this.peak) this.peak = heapUsed;
    if (!withRss && ++this.samples % RSS_EVERY !== 0) return;
    const rss = process.memoryUsage.rss();
    if (rss > this.rssPeak) this.rssPeak = rss;
  }

  /** Counts an event; samples every `SAMPLE_EVERY` events. */
  tick(): void {
    if (++this.ticks % SAMPLE_EVERY === 0) this.sample(false);
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
