// Package dynalite obtains and runs dynalite, an independent DynamoDB
// emulator written for Node.js, as a peer for speed comparisons.
//
// The pinned npm package (PackageVersion) is installed once with `npm
// install` into a cache directory outside the repository (see
// proc.CacheRoot), under a file lock so that concurrent callers share one
// download. Start runs `node cli.js` on a free port with its in-memory store.
package dynalite
