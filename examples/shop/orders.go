package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"

	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

// createMethod is the one RPC of the orders service. Its messages are
// google.protobuf.Struct, so the example needs no generated code.
const createMethod = "/shop.Orders/Create"

type ordersServer interface {
	Create(context.Context, *structpb.Struct) (*structpb.Struct, error)
}

var ordersDesc = grpc.ServiceDesc{
	ServiceName: "shop.Orders",
	HandlerType: (*ordersServer)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Create",
		Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(structpb.Struct)
			if err := dec(in); err != nil {
				return nil, err
			}
			call := func(ctx context.Context, req any) (any, error) {
				return srv.(ordersServer).Create(ctx, req.(*structpb.Struct))
			}
			if ic == nil {
				return call(ctx, in)
			}
			return ic(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: createMethod}, call)
		},
	}},
}

// orders creates orders and charges them through payments.
type orders struct {
	payments string // base URL
	client   *http.Client
	seq      atomic.Int64
}

func newOrdersServer(t *telemetry, paymentsAddr string) *grpc.Server {
	o := &orders{
		payments: "http://" + paymentsAddr,
		client:   &http.Client{Transport: httplog.NewTransport(nil, t.log)},
	}
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(grpclog.UnaryServerInterceptor(t.log, grpclog.WithTracerProvider(t.tp))))
	srv.RegisterService(&ordersDesc, o)
	return srv
}

func (o *orders) Create(ctx context.Context, in *structpb.Struct) (*structpb.Struct, error) {
	log := logger.FromContext(ctx)
	f := in.GetFields()
	item, card := f["item"].GetStringValue(), f["card"].GetStringValue()
	id := fmt.Sprintf("o-%d", o.seq.Add(1))
	log.Info("creating order", zap.String("order", id), zap.String("item", item))

	body, _ := json.Marshal(chargeRequest{Order: id, Item: item, Cents: int(f["cents"].GetNumberValue()), Card: card})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.payments+"/charge", bytes.NewReader(body))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := o.client.Do(req)
	if err != nil {
		return nil, status.Error(codes.Unavailable, "payments unreachable")
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		log.Warn("payment refused", zap.String("order", id), zap.Int("status", resp.StatusCode))
		return nil, status.Errorf(codes.FailedPrecondition, "payment refused (%d)", resp.StatusCode)
	}
	return structpb.NewStruct(map[string]any{"order": id})
}
