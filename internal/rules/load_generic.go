//go:build !(386 || amd64 || arm64 || ppc64le || ppc64 || s390x || loong64 || wasm)

package rules

import (
	"encoding/binary"
	"unsafe"
)

// load64 and load32 read a word at p byte by byte, where unaligned loads
// may fault.
func load64(p unsafe.Pointer) uint64 { return binary.LittleEndian.Uint64(unsafe.Slice((*byte)(p), 8)) }
func load32(p unsafe.Pointer) uint32 { return binary.LittleEndian.Uint32(unsafe.Slice((*byte)(p), 4)) }
