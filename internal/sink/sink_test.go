package sink_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tracelog/tracelog/internal/sink"
)

func TestSyncOfStreams(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if err := w.Sync(); err == nil {
		t.Log("this system syncs pipes without an error")
	}
	if err := sink.Writer(w).Sync(); err != nil {
		t.Errorf("pipe: %v", err)
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if err := sink.Writer(null).Sync(); err != nil {
		t.Errorf("%s: %v", os.DevNull, err)
	}
}

func TestSyncOfFiles(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	s := sink.Writer(f)
	if _, err := s.Write([]byte("line\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(); err != nil {
		t.Errorf("regular file: %v", err)
	}
	f.Close()
	// A closed file's Sync fails, and that failure is reported.
	if err := s.Sync(); err == nil {
		t.Error("the Sync of a closed regular file must fail")
	}
}
