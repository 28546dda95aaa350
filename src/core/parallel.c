/* parallel.c - see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>

void ce_parallel_run(size_t jobs, void *(*fn)(void *), void *workers, size_t size)
{
    char *w = workers;
    pthread_t *threads = jobs > 1 ? calloc(jobs, sizeof *threads) : NULL;
    unsigned char *running = jobs > 1 ? calloc(jobs, 1) : NULL;
    for (size_t k = 1; threads && running && k < jobs; k++)
        running[k] = pthread_create(&threads[k], NULL, fn, w + k * size) == 0;
    fn(w);
    for (size_t k = 1; threads && running && k < jobs; k++)
        if (running[k])
            pthread_join(threads[k], NULL);
    free(threads);
    free(running);
}
