package main

import (
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// maxLinks is how many symbolic links an output path may pass through.
const maxLinks = 40

// writeFile calls write with the file at path ("-": stdout).
//
// A regular file, or one that does not exist yet, is written whole or not
// at all: a temporary file beside it (past any symbolic links, so that a
// link keeps pointing at it) renamed over it once write succeeds, with the
// mode of the file it replaces, else 0666 less the umask. Anything else (a
// FIFO, a device, an open descriptor like /dev/stdout or /dev/fd/N) is
// written where it is.
func writeFile(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	out, err := resolveOutput(path)
	if err != nil {
		return err
	}
	if out.inPlace {
		return writeInPlace(out.path, write)
	}
	return writeAtomic(out.path, out.mode, write)
}

// outputFile is the file a path names, as writeFile writes it.
type outputFile struct {
	path    string      // past every symbolic link
	inPlace bool        // not a regular file, or an open descriptor
	mode    fs.FileMode // of an existing regular file, else 0
}

// resolveOutput follows the symbolic links of path to the file they lead
// to, which need not exist. A directory is refused.
func resolveOutput(path string) (outputFile, error) {
	path = filepath.Clean(path) // "dir/" names dir, not a file in it
	for range maxLinks {
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return outputFile{}, err
		}
		if isDescriptorDir(dir) {
			// Its links name open files, not paths to replace.
			return outputFile{path: path, inPlace: true}, nil
		}
		path = filepath.Join(dir, filepath.Base(path))
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return outputFile{path: path}, nil
		case err != nil:
			return outputFile{}, err
		case fi.IsDir():
			return outputFile{}, &fs.PathError{Op: "write", Path: path, Err: syscall.EISDIR}
		case fi.Mode()&fs.ModeSymlink == 0:
			return outputFile{path: path, inPlace: !fi.Mode().IsRegular(), mode: fi.Mode().Perm()}, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return outputFile{}, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		path = link
	}
	return outputFile{}, &fs.PathError{Op: "write", Path: path, Err: syscall.ELOOP}
}

// isDescriptorDir reports whether dir is a process's directory of open file
// descriptors (where /dev/fd and /dev/stdout lead on Linux).
func isDescriptorDir(dir string) bool {
	ok, _ := filepath.Match("/proc/*/fd", dir)
	return ok
}

// writeInPlace calls write with the existing file at path, opened for
// appending, as a shell's ">>" would: a FIFO, a device, or the file behind
// a descriptor, which the caller opened (and truncated, if it meant to).
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	err = write(pipeWriter{f})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// errOutputClosed is the error of a write to a pipe whose reader is gone
// (ddb export t /dev/stdout | head -1). main exits quietly for it, as a
// write to standard output ("-") ends the process with SIGPIPE.
var errOutputClosed = errors.New("the output's reader is gone")

// pipeWriter writes to a file, reporting EPIPE as errOutputClosed.
type pipeWriter struct{ f *os.File }

func (w pipeWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		err = errOutputClosed
	}
	return n, err
}

// writeAtomic calls write with a temporary file beside path, renamed to
// path once write succeeds, and removed if anything fails. mode, unless 0,
// is the file's mode; else it is 0666 less the umask.
func writeAtomic(path string, mode fs.FileMode, write func(io.Writer) error) error {
	tmp, err := createBeside(path)
	if err != nil {
		return err
	}
	if mode != 0 {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = write(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// createBeside creates a new hidden file in path's directory, with mode
// 0666 less the umask (os.CreateTemp's files are 0600).
func createBeside(path string) (*os.File, error) {
	prefix := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".")
	for {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 36)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}
