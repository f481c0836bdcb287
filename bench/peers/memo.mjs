// The memoisation every runner of the peer benchmark shares, like a bulk clean: a hash map from
// title to a slot in the results, each distinct title matched once.

/**
 * Matches `rows` with `match`, each distinct title once. Stops matching new titles once `deadline`
 * (a performance.now() time) has passed. Returns the results of the distinct titles done, the
 * slot of each row done, and whether the deadline stopped it.
 */
export function memoised(rows, match, deadline = Infinity) {
  const slots = new Map();
  const results = [];
  const rowSlots = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const title = rows[i];
    let slot = slots.get(title);
    if (slot === undefined) {
      if (performance.now() >= deadline) return { results, rowSlots: rowSlots.subarray(0, i), timeBoxed: true };
      slot = results.length;
      results.push(match(title));
      slots.set(title, slot);
    }
    rowSlots[i] = slot;
  }
  return { results, rowSlots, timeBoxed: false };
}

/**
 * Times whole memoised passes (a fresh cache each) until `minSeconds` have passed, stopping new
 * titles after `timeLimit` seconds: `{ rows, distinct, passes, match_s, cpu_s, time_boxed }` (CPU
 * seconds of the whole process).
 */
export function timePasses(rows, match, { minSeconds = 1, timeLimit = Infinity } = {}) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + timeLimit * 1000;
  let done = 0;
  let distinct = 0;
  let passes = 0;
  let timeBoxed = false;
  while (!timeBoxed && (passes === 0 || performance.now() - start < minSeconds * 1000)) {
    const pass = memoised(rows, match, deadline);
    done += pass.rowSlots.length;
    distinct += pass.results.length;
    timeBoxed = pass.timeBoxed;
    passes++;
  }
  const matchSeconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { rows: done, distinct, passes, match_s: matchSeconds, cpu_s: (user + system) / 1e6, time_boxed: timeBoxed };
}
