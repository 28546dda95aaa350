/* parallel.h - the worker-thread fan-out of the Monte Carlo and Sobol runs
 * (uncertainty.c, sensitivity.c).
 */
#ifndef CLUSTEREVAL_PARALLEL_H
#define CLUSTEREVAL_PARALLEL_H

#include <stddef.h>

/* Calls fn(worker k) for k in 0..jobs, where worker k is the k-th of the
 * `jobs` consecutive objects of `size` bytes at workers: worker 0 on the
 * calling thread, the others each on a thread of its own, and returns when
 * all have returned. fn must take its work from a shared queue until it is
 * empty: a thread that cannot start (or every one, when out of memory) is
 * skipped and the others do its share, so the work done never depends on
 * how many threads ran. */
void ce_parallel_run(size_t jobs, void *(*fn)(void *), void *workers, size_t size);

#endif
