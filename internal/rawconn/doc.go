// Package rawconn reads and writes TCP connections with raw system calls
// on Linux, which spares a process that waits on one connection at a time
// a wake-up of the Go runtime's monitor thread per call. The server's
// connection loop and the library's HTTP/1.1 client use it.
package rawconn
