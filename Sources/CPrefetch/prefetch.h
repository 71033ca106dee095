// Software prefetch, which Swift has no spelling for: a hint that the cache line holding
// `address` will soon be read. It never faults and changes no result. Header only: the
// function is inlined into the Swift code that calls it.
static inline void gossip_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
