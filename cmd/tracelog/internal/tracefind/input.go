package tracefind

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// StdinName names standard input in messages.
const StdinName = "(stdin)"

// An Input is one source of lines: a file or standard input.
type Input struct {
	// Name is the path, or [StdinName], or what [NewInput] was given.
	Name   string
	stdin  io.Reader
	opener func() (io.ReadCloser, error)
}

// NewInput returns an input read from what open returns, such as a log
// store's answer; name names it in messages. open is called once, when the
// input is read, and the result is closed after.
func NewInput(name string, open func() (io.ReadCloser, error)) Input {
	return Input{Name: name, opener: open}
}

// ExpandInputs turns command-line arguments into inputs: each file as is,
// each directory as the regular files below it (recursively, in lexical
// order, following no symlinked directories), and "-" or no argument at all
// as stdin. Paths that cannot be read are returned as errors, after the
// inputs that can.
func ExpandInputs(args []string, stdin io.Reader) ([]Input, []error) {
	if len(args) == 0 {
		return []Input{{Name: StdinName, stdin: stdin}}, nil
	}
	var ins []Input
	var errs []error
	for _, a := range args {
		if a == "-" {
			ins = append(ins, Input{Name: StdinName, stdin: stdin})
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			errs = append(errs, pathError(a, err))
			continue
		}
		if !fi.IsDir() {
			ins = append(ins, Input{Name: a})
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, pathError(p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.Type().IsRegular():
				ins = append(ins, Input{Name: p})
			case d.Type()&fs.ModeSymlink != 0:
				if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
					ins = append(ins, Input{Name: p})
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, pathError(a, err))
		}
	}
	return ins, errs
}

func pathError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", p, pe.Err)
	}
	return fmt.Errorf("%s: %w", p, err)
}

// open opens the input, decompressing gzip data (told by its magic bytes,
// whatever the name). The caller closes the result.
func (in Input) open() (io.ReadCloser, error) {
	var src io.Reader
	var closer io.Closer = io.NopCloser(nil)
	switch {
	case in.opener != nil:
		rc, err := in.opener()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		src, closer = rc, rc
	case in.stdin != nil:
		src = in.stdin
	default:
		f, err := os.Open(in.Name)
		if err != nil {
			return nil, pathError(in.Name, err)
		}
		src, closer = f, f
	}
	var magic [2]byte
	n, err := io.ReadFull(src, magic[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		closer.Close()
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	head := io.MultiReader(bytes.NewReader(magic[:n]), src)
	if n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(bufio.NewReaderSize(head, 64<<10))
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("%s: gzip: %w", in.Name, err)
		}
		return readCloser{Reader: zr, close: func() error { zr.Close(); return closer.Close() }}, nil
	}
	return readCloser{Reader: head, close: closer.Close}, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (rc readCloser) Close() error { return rc.close() }
