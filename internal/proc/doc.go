// Package proc runs helper processes (emulators and servers that tests and
// benchmarks talk to) without leaving orphans, and coordinates processes that
// share a download cache.
//
// A child started with Start runs in its own process group, so Stop reaches
// everything it spawned; on Linux it also dies with the process that started
// it, even if that process panics or is killed with SIGKILL.
package proc
