package accessfields

import (
	"context"
	"sync"

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
	fields []zap.Field
	taken  bool
}

// add appends fs, up to Max in all, unless the line was written.
func (f *Fields) add(fs []zap.Field) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.taken {
		return
	}
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

// Take returns the fields added so far; later adds are dropped.
func (f *Fields) Take() []zap.Field {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.taken = true
	return f.fields
}

type key struct{}

// A Context is a request's context that carries its Fields. Embed it in
// per-request state, set its parent with Init, and pass it down.
type Context struct {
	context.Context
	F Fields
}

// Init makes c a child of parent, with no fields.
func (c *Context) Init(parent context.Context) {
	c.Context = parent
	c.F = Fields{}
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
