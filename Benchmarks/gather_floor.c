// Floors of one gossip round Y = W·X (docs/performance.md, "What is physically reachable"): the
// CSR pattern is read from DIR/{indptr,indices,data} (Benchmarks/gather_floor.py writes them and
// runs this). Every repetition runs every mode on X, Y with 4 KB pages and on X, Y with 2 MB
// pages, one after the other in the same process (so machine load hits all alike); prints the
// best of each. Modes: copy (memcpy of X into Y, row by row: the sequential floor), spmm (the
// product, grouped as SparseMatrix's kernel), spmm-pf (plus software prefetch of the rows of X
// needed PF rows ahead), gather (read the same rows of X and add them up in registers, write
// nothing: the floor of the random reads), gather-pf. Threads: OpenMP (OMP_NUM_THREADS).
#define _GNU_SOURCE
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static double *big(size_t bytes, int huge) {
  size_t align = 2u << 20, size = (bytes + align - 1) / align * align;
  void *p = aligned_alloc(align, size);
  madvise(p, size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  memset(p, 0, size);
  return p;
}
static void *slurp(const char *path, size_t *bytes) {
  FILE *f = fopen(path, "rb"); fseek(f, 0, SEEK_END); *bytes = ftell(f); fseek(f, 0, SEEK_SET);
  void *p = malloc(*bytes); if (fread(p, 1, *bytes, f) != *bytes) exit(1); fclose(f); return p;
}
static int64_t *rp; static int32_t *ci; static double *va; static int n, d, pfd;

static double run(const char *mode, const double *x, double *y) {
  int spmm = !strncmp(mode, "spmm", 4), pf = strstr(mode, "-pf") != NULL;
  double sink = 0, t0 = now();
  if (!strcmp(mode, "copy")) {
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) memcpy(y + (size_t)i * d, x + (size_t)i * d, d * 8);
  } else {
#pragma omp parallel for schedule(static) reduction(+:sink)
    for (int i = 0; i < n; i++) {
      if (pf && i + pfd < n)
        for (int64_t k = rp[i + pfd]; k < rp[i + pfd + 1]; k++) {
          const char *row = (const char *)(x + (size_t)ci[k] * d);
          for (int c = 0; c < d * 8; c += 64) __builtin_prefetch(row + c, 0, 3);
        }
      int64_t k0 = rp[i], cnt = rp[i + 1] - k0;
      const double *xs[8]; double as[8];
      for (int j = 0; j < cnt; j++) { xs[j] = x + (size_t)ci[k0 + j] * d; as[j] = va[k0 + j]; }
      if (spmm) {
        double *yr = y + (size_t)i * d;
        if (cnt == 5)
          for (int t = 0; t < d; t++)
            yr[t] = as[0] * xs[0][t] + as[1] * xs[1][t] + as[2] * xs[2][t] + as[3] * xs[3][t] + as[4] * xs[4][t];
        else
          for (int t = 0; t < d; t++) { double s = 0; for (int j = 0; j < cnt; j++) s += as[j] * xs[j][t]; yr[t] = s; }
      } else {
        double acc = 0;
        if (cnt == 5)
          for (int t = 0; t < d; t++) acc += xs[0][t] + xs[1][t] + xs[2][t] + xs[3][t] + xs[4][t];
        else
          for (int j = 0; j < cnt; j++) for (int t = 0; t < d; t++) acc += xs[j][t];
        sink += acc;
      }
    }
  }
  double dt = now() - t0;
  if (sink == 12345.678) puts("");  // keeps the gather
  return dt;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "gather DIR d repetitions pf-distance mode...\n"); return 1; }
  const char *dir = argv[1]; d = atoi(argv[2]); int reps = atoi(argv[3]); pfd = atoi(argv[4]);
  char path[512]; size_t b;
  snprintf(path, sizeof path, "%s/indptr", dir); rp = slurp(path, &b); n = b / 8 - 1;
  snprintf(path, sizeof path, "%s/indices", dir); ci = slurp(path, &b);
  snprintf(path, sizeof path, "%s/data", dir); va = slurp(path, &b);
  double *x[2], *y[2];
  for (int h = 0; h < 2; h++) {
    x[h] = big((size_t)n * d * 8, h); y[h] = big((size_t)n * d * 8, h);
    for (size_t k = 0; k < (size_t)n * d; k++) x[h][k] = (double)(k % 1000) / 1000 - 0.5;
  }
  int modes = argc - 5; double best[16][2];
  for (int m = 0; m < modes; m++) best[m][0] = best[m][1] = 1e9;
  for (int r = 0; r <= reps; r++)
    for (int m = 0; m < modes; m++)
      for (int h = 0; h < 2; h++) {
        double dt = run(argv[5 + m], x[h], y[h]);
        if (r > 0 && dt < best[m][h]) best[m][h] = dt;
      }
  double bytes = rp[n] * 12.0 + (n + 1) * 8.0 + 2.0 * n * d * 8;
  const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
  printf("%s, %d thread(s), d = %d (bound bytes %.1f MB)\n", name, omp_get_max_threads(), d,
         bytes / 1e6);
  for (int m = 0; m < modes; m++)
    printf("  %-10s 4K pages %.5f s (%5.1f GB/s)   2M pages %.5f s (%5.1f GB/s)\n", argv[5 + m],
           best[m][0], bytes / best[m][0] / 1e9, best[m][1], bytes / best[m][1] / 1e9);
  return 0;
}
