//go:build unix

package main

import "syscall"

// defaultMaxConns is the connection limit of `ddb serve` when none is
// given: 1024, or fewer when the process's descriptor limit leaves less
// once the database and the listener have theirs (64 kept for them), so
// that idle clients can never use up the descriptors.
func defaultMaxConns() int {
	const most, reserved = 1024, 64
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur > most+reserved {
		return most
	}
	return max(int(lim.Cur)-reserved, 16)
}
