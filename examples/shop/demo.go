package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// runDemo sends a batch like real traffic: checkouts that succeed, one that
// fails in payments, one that is slow, and frequent health checks. It
// prints each checkout's trace ID (the X-Trace-Id response header) to
// stderr, so the logs on stdout can be grepped for it.
func runDemo(ctx context.Context, base string) error {
	client := &http.Client{Timeout: 10 * time.Second}
	for i := 0; i < 10; i++ {
		if err := send(ctx, client, http.MethodGet, base+"/healthz", ""); err != nil {
			return err
		}
	}
	for _, item := range []string{"book", "lamp", "declined", "slow"} {
		body := fmt.Sprintf(`{"item":%q,"cents":1299,"card":"4111 1111 1111 1111","password":"hunter2-correct-horse"}`, item)
		if err := send(ctx, client, http.MethodPost, base+"/checkout", body); err != nil {
			return err
		}
	}
	return nil
}

func send(ctx context.Context, client *http.Client, method, url, body string) error {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer demo-secret-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("demo: %s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if method == http.MethodPost {
		fmt.Fprintf(os.Stderr, "demo: %s %s -> %d, trace_id %s\n", method, url, resp.StatusCode, resp.Header.Get("X-Trace-Id"))
	}
	return nil
}
