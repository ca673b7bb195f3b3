//go:build !linux

package proc

import "syscall"

// sysProcAttr puts the child in its own process group so that Stop can
// signal it and anything it spawns. Outside Linux there is no parent-death
// signal: a child survives a parent that is killed outright.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
