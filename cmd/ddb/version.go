package main

import (
	"runtime"
	"runtime/debug"
)

// version describes this build: module version, VCS revision and Go version.
func version() string {
	v, rev := "(devel)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " " + s.Value[:12]
			}
		}
	}
	return "ddb " + v + rev + " " + runtime.Version()
}
