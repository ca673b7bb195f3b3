package ddblocal

import "syscall"

// sysProcAttr puts the emulator in its own process group (so that stop can
// signal java and anything it spawns) and has the kernel kill it when the
// thread that started it ends.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
