package logtest

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/tracelog/tracelog/logger"
)

// CheckoutN is the request number of the checkout that [WriteShop] writes.
const CheckoutN = 7

// WriteShop writes frontend.log, orders.log and payments.log into dir: a
// few healthy requests before and after one failing checkout (see
// [Services.Checkout]), whose IDs it returns. Output is deterministic.
func WriteShop(dir string, profiles ...logger.Profile) (IDs, error) {
	var files []*os.File
	var bufs []*bufio.Writer
	open := func(name string) (*bufio.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		b := bufio.NewWriter(f)
		bufs = append(bufs, b)
		return b, nil
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	var w Writers
	var err error
	if w.Frontend, err = open("frontend.log"); err != nil {
		return IDs{}, err
	}
	if w.Orders, err = open("orders.log"); err != nil {
		return IDs{}, err
	}
	if w.Payments, err = open("payments.log"); err != nil {
		return IDs{}, err
	}
	s, err := NewServices(w, profiles...)
	if err != nil {
		return IDs{}, err
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	start := Epoch
	s.Clock.Set(start)
	s.Frontend.Info("server started", logger.Context(context.Background()))
	for n := uint64(1); n <= 12; n++ {
		if n == CheckoutN {
			s.Checkout(NewIDs(n), start)
		} else {
			s.Healthy(NewIDs(n), start, rnd)
		}
		start = start.Add(200 * time.Millisecond)
	}
	for _, b := range bufs {
		if err := b.Flush(); err != nil {
			return IDs{}, err
		}
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			return IDs{}, err
		}
	}
	files = nil
	return NewIDs(CheckoutN), nil
}
