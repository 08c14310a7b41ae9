package main

import (
	"encoding/json"
	"net/http"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

// checkout is the body of POST /checkout. Password is there to show that
// redaction keeps it out of every log line.
type checkout struct {
	Item     string `json:"item"`
	Cents    int    `json:"cents"`
	Card     string `json:"card"`
	Password string `json:"password"`
}

// frontend serves the shop's HTTP API and calls orders over gRPC.
type frontend struct {
	conn *grpc.ClientConn
}

// frontendSampling keeps one health check per 10 s and every other request.
func frontendSampling() (*sampling.Sampler, error) {
	return sampling.New(nil, []sampling.Rule{
		sampling.Limit("GET /healthz", 1, 10*time.Second),
	}, sampling.WithSlowThreshold(slowPayment/2), sampling.WithSummaryInterval(10*time.Second))
}

func newFrontend(t *telemetry, ordersAddr string) (http.Handler, func() error, error) {
	conn, err := grpc.NewClient("passthrough:///"+ordersAddr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(grpclog.UnaryClientInterceptor(t.log, grpclog.WithTracerProvider(t.tp))))
	if err != nil {
		return nil, nil, err
	}
	f := &frontend{conn: conn}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("POST /checkout", f.checkout)
	h := httplog.NewHandler(mux, t.log,
		httplog.WithTracerProvider(t.tp),
		httplog.WithRequestHeaders("Authorization", "User-Agent"))
	return h, conn.Close, nil
}

func (f *frontend) checkout(w http.ResponseWriter, r *http.Request) {
	log := logger.FromContext(r.Context())
	var c checkout
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&c); err != nil {
		log.Warn("bad checkout body", zap.Error(err))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// The whole body is logged on purpose: redaction masks the card and
	// the password, nested as they are.
	log.Info("checkout received", zap.Any("checkout", c))
	in, err := structpb.NewStruct(map[string]any{"item": c.Item, "cents": c.Cents, "card": c.Card})
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	out := new(structpb.Struct)
	if err := f.conn.Invoke(r.Context(), createMethod, in, out); err != nil {
		log.Error("order failed", zap.String("reason", status.Convert(err).Message()))
		http.Error(w, "order failed", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"order": out.GetFields()["order"].GetStringValue()})
}
