package proc

import (
	"os"
	"syscall"
)

// LockFile takes an exclusive advisory lock on path (creating it), blocking
// until it is free, and returns the function that releases it. The kernel
// drops the lock if the process dies, so a crash never wedges whatever the
// lock guards.
func LockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
