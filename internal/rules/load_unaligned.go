//go:build 386 || amd64 || arm64 || ppc64le || ppc64 || s390x || loong64 || wasm

package rules

import "unsafe"

// load64 and load32 read a word at p, which need not be aligned: these
// architectures allow it. Only the verdict cache uses them, for a hash and
// a comparison of keys whose byte order does not matter.
func load64(p unsafe.Pointer) uint64 { return *(*uint64)(p) }
func load32(p unsafe.Pointer) uint32 { return *(*uint32)(p) }
