package storage

import (
	"os"
	"sync"
)

// A dirClaim records that a Store of this process has a directory open.
// Pebble's lock keeps other processes out, but within one process it
// knows a directory by its path: the same directory reached by another
// spelling (a relative path, a symbolic link) would be locked again and
// written by two stores at once, losing writes. A claim knows the
// directory by its identity (os.SameFile) instead.
type dirClaim struct {
	info os.FileInfo
}

// claims are the directories this process's stores have open.
var claims struct {
	sync.Mutex
	held map[*dirClaim]bool
}

// claimDir claims the directory dir for a store of this process, or
// reports false when one already has it open.
func claimDir(dir string) (*dirClaim, bool, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, false, err
	}
	claims.Lock()
	defer claims.Unlock()
	for c := range claims.held {
		if os.SameFile(c.info, info) {
			return nil, false, nil
		}
	}
	if claims.held == nil {
		claims.held = map[*dirClaim]bool{}
	}
	c := &dirClaim{info: info}
	claims.held[c] = true
	return c, true, nil
}

// release gives the directory up; a nil claim (a store on another file
// system than the operating system's) has nothing to give up.
func (c *dirClaim) release() {
	if c == nil {
		return
	}
	claims.Lock()
	defer claims.Unlock()
	delete(claims.held, c)
}
