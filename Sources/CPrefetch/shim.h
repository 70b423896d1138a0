// A cache prefetch hint, for Clustering's batched hash-table lookups (Swift has no
// prefetch intrinsic). Inlined into the caller; no library, no state.
#pragma once

/// Asks the processor to bring the cache line holding `address` closer, for a read soon.
static inline void feedmerge_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
