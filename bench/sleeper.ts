/**
 * A process that does nothing but sleep 1 ms at a time for the given seconds, then prints one JSON
 * line: how late its wake-ups were. Run beside a bench phase at the default priority, it shows
 * what any runnable thread waited for a core on this machine meanwhile (the API's threads, the
 * load driver and the machine's other work competing for its cores), in the same run as the
 * latencies it helps to read. Each sleep is a futex wait (Atomics.wait), so no event loop's timer
 * handling is part of what it measures.
 *
 *   node dist/bench/sleeper.js SECONDS   →   {"wakeups":N,"p50":ms,"p99":ms,"max":ms,"over5":N}
 */
import { percentile } from './util';

/** A sleeper's wake-ups over a phase: how many, and how late beyond the 1 ms asked (ms). */
export interface Wakeups {
  wakeups: number;
  p50: number;
  p99: number;
  max: number;
  /** Wake-ups more than 5 ms late. */
  over5: number;
}

const SLEEP_MS = 1;

/** The summary of lateness samples (ms beyond the sleep asked; a sample below 0 counts as 0). */
function wakeupsOf(late: readonly number[]): Wakeups {
  const sorted = late.map((ms) => Math.max(0, ms)).sort((a, b) => a - b);
  return { wakeups: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, over5: sorted.filter((ms) => ms > 5).length };
}

function main(): void {
  const seconds = Number(process.argv[2]);
  if (!(seconds > 0)) {
    console.error('usage: node dist/bench/sleeper.js SECONDS');
    process.exit(2);
  }
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const late: number[] = [];
  const end = performance.now() + seconds * 1000;
  let before = performance.now();
  while (before < end) {
    Atomics.wait(cell, 0, 0, SLEEP_MS);
    const now = performance.now();
    late.push(now - before - SLEEP_MS);
    before = now;
  }
  console.log(JSON.stringify(wakeupsOf(late)));
}

if (require.main === module) main();
