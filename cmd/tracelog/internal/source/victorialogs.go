package source

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// victoriaLogs queries VictoriaLogs with LogsQL over its HTTP API,
// /select/logsql/query, which streams the matching lines as JSON lines.
type victoriaLogs struct {
	base   *url.URL
	client *http.Client
}

var _ Source = (*victoriaLogs)(nil)

func newVictoriaLogs(u *url.URL, cfg config) Source {
	return &victoriaLogs{base: u, client: cfg.client}
}

// Name is "victorialogs URL".
func (v *victoriaLogs) Name() string { return "victorialogs " + v.base.Redacted() }

// queryPath is VictoriaLogs' query endpoint, below the URL's path.
const queryPath = "/select/logsql/query"

// Open sends the LogsQL query of r and streams the answer, converted.
func (v *victoriaLogs) Open(ctx context.Context, r Request) (io.ReadCloser, error) {
	form := url.Values{}
	form.Set("query", LogsQL(r))
	if !r.Since.IsZero() {
		form.Set("start", r.Since.UTC().Format(time.RFC3339Nano))
	}
	if !r.Until.IsZero() {
		form.Set("end", r.Until.UTC().Format(time.RFC3339Nano))
	}
	if r.Limit > 0 {
		// One more than asked, to tell an answer that fits from one cut.
		form.Set("limit", strconv.Itoa(r.Limit+1))
	}
	u := *v.base
	u.Path = strings.TrimSuffix(u.Path, "/") + queryPath
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, errorf("%v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := v.client.Do(req)
	if err != nil {
		return nil, reachError(err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		msg := strings.TrimSpace(string(body))
		if msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
		return nil, errorf("HTTP %d: %s", resp.StatusCode, msg)
	}
	return newAnswerReader(resp.Body, r.Limit), nil
}

// reachError says why a store could not be asked, in one line.
func reachError(err error) *Error {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return errorf("cannot connect: connection refused")
	case errors.As(err, &ne) && ne.Timeout():
		return errorf("no answer in time: %v", err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return errorf("cannot connect: %v", err)
}
