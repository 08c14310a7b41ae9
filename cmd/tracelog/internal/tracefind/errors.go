package tracefind

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// inputError describes a failure to read in.
func inputError(in Input, err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: unexpected end of data (a truncated gzip file?)", in.Name)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("%s: corrupt gzip data: %w", in.Name, err)
	}
	return fmt.Errorf("%s: %w", in.Name, err)
}
