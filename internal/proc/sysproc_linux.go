package proc

import "syscall"

// sysProcAttr puts the child in its own process group (so that Stop can
// signal it and anything it spawns) and has the kernel kill it when the
// thread that started it ends.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
