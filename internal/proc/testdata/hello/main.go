// Command hello prints a greeting: the program TestBuildCommand builds.
package main

import "fmt"

func main() { fmt.Println("hello from a built command") }
