package proc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// foreignListener reports whether a program outside the process group pgid
// listens on the TCP port, from the kernel's socket tables (/proc/net/tcp
// and tcp6) and the group's open files: a server that answers on a port
// can so be told from another program that took the same port first.
// Where it cannot tell (those files cannot be read) it reports false.
func foreignListener(pgid, port int) bool {
	sockets, err := listeningSockets(port)
	if err != nil || len(sockets) == 0 {
		return false
	}
	held, ok := groupSockets(pgid)
	if !ok {
		return false
	}
	for inode := range sockets {
		if !held[inode] {
			return true
		}
	}
	return false
}

// listenState is the st column of a listening socket in /proc/net/tcp.
const listenState = "0A"

// listeningSockets returns the inodes of the sockets listening on TCP port,
// over IPv4 and IPv6.
func listeningSockets(port int) (map[string]bool, error) {
	inodes := map[string]bool{}
	suffix := fmt.Sprintf(":%04X", port)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(table)
		if os.IsNotExist(err) {
			continue // no IPv6 in this kernel
		}
		if err != nil {
			return nil, err
		}
		lines := bufio.NewScanner(bytes.NewReader(data))
		lines.Scan() // the header
		for lines.Scan() {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
			fields := strings.Fields(lines.Text())
			if len(fields) > 9 && fields[3] == listenState && strings.HasSuffix(fields[1], suffix) {
				inodes[fields[9]] = true
			}
		}
	}
	return inodes, nil
}

// groupSockets returns the inodes of the sockets that processes of the
// process group pgid hold open, and false if the open files of the group's
// leader (the process pgid) cannot be read. Processes that end while it
// reads them are skipped.
func groupSockets(pgid int) (map[string]bool, bool) {
	if _, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pgid), "fd")); err != nil {
		return nil, false
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return nil, false
	}
	inodes := map[string]bool{}
	for _, entry := range procs {
		if _, err := strconv.Atoi(entry.Name()); err != nil {
			continue
		}
		dir := filepath.Join("/proc", entry.Name())
		if group, ok := processGroup(dir); !ok || group != pgid {
			continue
		}
		fds, _ := os.ReadDir(filepath.Join(dir, "fd"))
		for _, fd := range fds {
			target, err := os.Readlink(filepath.Join(dir, "fd", fd.Name()))
			if inode, ok := strings.CutPrefix(target, "socket:["); ok && err == nil {
				inodes[strings.TrimSuffix(inode, "]")] = true
			}
		}
	}
	return inodes, true
}

// processGroup reads the process group from the process's stat file (dir is
// /proc/<pid>): the third field after the command name, which is in
// parentheses and may itself hold spaces and parentheses.
func processGroup(dir string) (int, bool) {
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return 0, false
	}
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, false
	}
	fields := strings.Fields(string(stat[end+1:])) // state ppid pgrp ...
	if len(fields) < 3 {
		return 0, false
	}
	group, err := strconv.Atoi(fields[2])
	return group, err == nil
}
