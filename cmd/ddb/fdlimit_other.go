//go:build !unix

package main

// defaultMaxConns is the connection limit of `ddb serve` when none is
// given.
func defaultMaxConns() int { return 1024 }
