package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

// chargeRequest is what orders sends to payments.
type chargeRequest struct {
	Order string `json:"order"`
	Item  string `json:"item"`
	Cents int    `json:"cents"`
	Card  string `json:"card"`
}

// paymentsHandler charges cards. Item "declined" fails with 500, item "slow"
// takes a while: the failing and slow requests of the demo.
func paymentsHandler(t *telemetry) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("POST /charge", func(w http.ResponseWriter, r *http.Request) {
		log := logger.FromContext(r.Context())
		var req chargeRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "bad charge request", http.StatusBadRequest)
			return
		}
		// The card number is masked by the redaction rules: it is
		// Luhn-valid and sits under a key named like a secret.
		log.Info("charging card", zap.String("order", req.Order), zap.Int("cents", req.Cents), zap.String("card_number", req.Card))
		switch req.Item {
		case "declined":
			log.Error("charge failed", zap.String("order", req.Order), zap.String("reason", "card declined"))
			http.Error(w, "card declined", http.StatusInternalServerError)
			return
		case "slow":
			select {
			case <-time.After(slowPayment):
			case <-r.Context().Done():
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"charge":"ch_%s"}`+"\n", req.Order)
	})
	return httplog.NewHandler(mux, t.log, httplog.WithTracerProvider(t.tp))
}
