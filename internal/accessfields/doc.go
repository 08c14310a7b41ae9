// Package accessfields holds the fields a handler adds to its request's
// access line (httplog.AddFields, grpclog.AddFields): one implementation
// for HTTP and gRPC, server and client.
//
// The middleware embeds a [Context] in its per-request state and passes it
// down as the request's context, so finding the fields costs no
// allocation of its own; [Add] appends under a lock, up to [Max] fields;
// the middleware takes them with [Fields.Take] when it writes the line, and
// later Adds are dropped (the line is never changed once written).
package accessfields
