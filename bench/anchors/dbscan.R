#!/usr/bin/Rscript
# R dbscan's dbscan() timed on the matrix the bench clusters (issue 16): a cold fit, its k-d tree built inside
# every call, one warm-up then the median of --runs timed runs. Prints one JSON object on stdout.
# Usage: Rscript dbscan.R MATRIX.csv [--runs 7] [--eps 0.5] [--min-samples 5]
suppressPackageStartupMessages(library(dbscan))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript dbscan.R MATRIX.csv [--runs N] [--eps E] [--min-samples M]")
option <- function(name, fallback) {
  at <- match(paste0("--", name), args)
  if (is.na(at) || at == length(args)) fallback else as.numeric(args[at + 1])
}
runs <- as.integer(option("runs", 7))
eps <- option("eps", 0.5)
min_pts <- as.integer(option("min-samples", 5))

x <- as.matrix(read.csv(args[1], header = TRUE, colClasses = "numeric"))

# minPts counts the point itself, as scikit-learn's min_samples and our MinSamples.
fit <- function() dbscan(x, eps = eps, minPts = min_pts)
result <- fit()
times <- numeric(runs)
for (i in seq_len(runs)) {
  start <- Sys.time()
  result <- fit()
  times[i] <- as.numeric(difftime(Sys.time(), start, units = "secs")) * 1000
}

cat(sprintf(paste0('{"kernel":"dbscan","peer":"R dbscan %s dbscan(eps=%s, minPts=%d) cold fit","median_ms":%.3f,',
                   '"min_ms":%.3f,"max_ms":%.3f,"runs":%d,"rows":%d,"columns":%d,"clusters":%d,"noise":%d}\n'),
            as.character(packageVersion("dbscan")), format(eps), min_pts, median(times), min(times), max(times), runs,
            nrow(x), ncol(x), max(result$cluster), sum(result$cluster == 0)))
