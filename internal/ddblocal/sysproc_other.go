//go:build !linux

package ddblocal

import "syscall"

// sysProcAttr puts the emulator in its own process group so that stop can
// signal java and anything it spawns. Outside Linux there is no parent-death
// signal: an emulator survives a test process that is killed outright.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
