package accessfields

import (
	"context"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Max is how many fields a request's access line takes from its handlers;
// later ones are dropped.
const Max = 32

// Fields are the fields added to one request's access line. The zero value
// is ready. It is safe for concurrent use.
type Fields struct {
	mu     sync.Mutex
	fields []zap.Field // guarded by mu
	used   atomic.Bool // a field was added
	taken  atomic.Bool // the line took the fields; later adds are dropped
}

// add appends fs, up to Max in all, unless the line was written.
func (f *Fields) add(fs []zap.Field) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.taken.Load() {
		return
	}
	defer f.used.Store(true)
	for _, x := range fs {
		if len(f.fields) >= Max {
			return
		}
		if x.Type == zapcore.SkipType {
			continue
		}
		f.fields = append(f.fields, x)
	}
}

// Take returns the fields added so far; later adds are dropped. A request
// whose handlers added nothing costs two atomic operations, no lock.
func (f *Fields) Take() []zap.Field {
	f.taken.Store(true)
	if !f.used.Load() {
		return nil // an add racing with this one is dropped, as a later one
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fields
}

type key struct{}

// A Context is a request's context that carries its Fields. Embed it in
// per-request state, set its parent with Init, and pass it down.
type Context struct {
	context.Context
	F Fields
}

// Init makes c, which must be new, a child of parent.
func (c *Context) Init(parent context.Context) {
	c.Context = parent
}

// Value returns c's Fields for this package's key, else the parent's
// value.
func (c *Context) Value(k any) any {
	if k == (key{}) {
		return &c.F
	}
	return c.Context.Value(k)
}

// Add appends fields to the access line of the request ctx belongs to; it
// does nothing when ctx is not a request's of httplog or grpclog.
func Add(ctx context.Context, fields []zap.Field) {
	if ctx == nil || len(fields) == 0 {
		return
	}
	if f, ok := ctx.Value(key{}).(*Fields); ok {
		f.add(fields)
	}
}
