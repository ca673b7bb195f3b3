package server

import (
	"reflect"
	"sync"
)

// compileMu serializes the compiling of codecs, which fills the decoders
// and encoders maps.
var compileMu sync.Mutex

// lazyCodecs are the codecs of an operation's input and output, compiled
// on the operation's first call rather than when the package is
// initialized: a process pays only for the operations it serves (an idle
// ddb serve held the codecs of all of them, about 110 KB, built at
// start-up). It is one type for all operations, not a closure per
// operation, to keep the executable small: every compiled function adds
// to the tables the executable maps.
type lazyCodecs struct {
	once    sync.Once
	in, out reflect.Type
	// member, when set, is the output's member written from encoded items
	// (encodedOp): the output's other members are compiled apart, into
	// before and after, instead of enc.
	member string

	dec           decodeFn
	enc           encodeFn
	before, after []fieldEncoder
}

// newLazyCodecs returns the codecs of in and out, to compile on first use.
func newLazyCodecs(in, out reflect.Type, member string) *lazyCodecs {
	return &lazyCodecs{in: in, out: out, member: member}
}

// get returns the compiled codecs, compiling them on the first call.
func (l *lazyCodecs) get() *lazyCodecs {
	l.once.Do(l.compile)
	return l
}

// compile compiles the codecs with compileMu held.
func (l *lazyCodecs) compile() {
	compileMu.Lock()
	defer compileMu.Unlock()
	l.dec = decoderFor(l.in)
	if l.member == "" {
		l.enc = encoderFor(l.out)
	} else {
		l.before, l.after = splitFields(l.out, l.member)
	}
}
