package grpclog_test

import (
	"context"
	"net"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// incomingCtx is a server call's context as grpc makes it: a peer and
// incoming metadata, with or without a traceparent.
func incomingCtx(traceparent bool, kv ...string) context.Context {
	ctx := peer.NewContext(context.Background(), &peer.Peer{
		Addr:      &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 51234},
		LocalAddr: &net.TCPAddr{IP: net.IPv4(10, 1, 2, 4), Port: 8443},
	})
	md := metadata.Pairs(":authority", "orders:443", "content-type", "application/grpc", "user-agent", "grpc-go/1.80.0")
	if traceparent {
		md.Set("traceparent", inHeader)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		md.Append(kv[i], kv[i+1])
	}
	return metadata.NewIncomingContext(ctx, md)
}
