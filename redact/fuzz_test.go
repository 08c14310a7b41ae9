package redact_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// FuzzRedact builds lines from the fuzzer's bytes: fields of every kind,
// nested objects, arrays, maps, structs, errors, namespaces and With
// fields, with secrets planted at random places (under deny-listed keys,
// and as credentials inside the message and the strings of other keys,
// surrounded by the fuzzer's text) and ordinary values elsewhere. No
// secret may appear in the encoded output, and every ordinary value must.
func FuzzRedact(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "retry", "done")
	f.Add([]byte("the quick brown fox jumps over the lazy dog"), "a=1 b=2", "x: y")
	f.Add([]byte{3, 3, 3, 3, 9, 9, 9, 9, 200, 201, 202, 203}, "Bearer", "token")
	f.Add([]byte{7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98}, "4111", "1111 2029")
	f.Add([]byte{255, 254, 253, 252, 1, 2, 3}, "\xff\xfe", "пароль ✓")
	f.Add([]byte{12, 0, 12, 0, 12, 0, 12, 0, 5, 5, 5, 5}, `{"user":"`, `"}`)
	f.Fuzz(func(t *testing.T, data []byte, noise1, noise2 string) {
		g := &gen{data: data, noise: [2]string{noise1, noise2}}
		r := g.redactor(t)
		var buf bytes.Buffer
		core := zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), zapcore.AddSync(&buf), zapcore.DebugLevel)
		log := zap.New(redact.NewCore(core, r))
		if g.intn(2) == 0 {
			log = log.With(g.fields(0, false, 3)...)
		}
		if g.intn(3) == 0 {
			log = log.With(zap.Namespace(g.ordinaryKey()))
		}
		msg := g.text(false)
		log.Info(msg, g.fields(0, false, 6)...)
		out := buf.String()
		for _, s := range g.secrets {
			if strings.Contains(noise1, s) || strings.Contains(noise2, s) {
				continue
			}
			if strings.Contains(out, s) {
				t.Fatalf("secret %q leaked:\n%s", s, out)
			}
		}
		for _, k := range g.keeps {
			if !strings.Contains(out, k) {
				t.Fatalf("ordinary value %q lost:\n%s", k, out)
			}
		}
	})
}

// gen turns fuzzer bytes into fields.
type gen struct {
	data    []byte
	i       int
	n       int
	noise   [2]string
	allow   bool
	secrets []string // must not appear in the output
	keeps   []string // must appear in the output
}

func (g *gen) byte() byte {
	if g.i >= len(g.data) {
		return 0
	}
	b := g.data[g.i]
	g.i++
	return b
}

func (g *gen) intn(n int) int { return int(g.byte()) % n }

func (g *gen) id() int { g.n++; return g.n }

var (
	ordinaryKeys = []string{"user", "status", "note", "item", "city", "path", "count", "detail"}
	deniedKeys   = []string{"password", "apiKey", "X-Api-Key", "client_secret", "Authorization", "session_id", "cardNumber", "refresh-token", "user[pwd]"}
)

func (g *gen) ordinaryKey() string { return ordinaryKeys[g.intn(len(ordinaryKeys))] }
func (g *gen) deniedKey() string   { return deniedKeys[g.intn(len(deniedKeys))] }

func (g *gen) redactor(t *testing.T) *redact.Redactor {
	var opts []redact.Option
	switch g.intn(5) {
	case 1:
		opts = append(opts, redact.WithSummary())
	case 2:
		opts = append(opts, redact.WithAction(redact.Drop()))
	case 3:
		opts = append(opts, redact.WithAction(redact.Hash([]byte("fuzz"))))
	case 4:
		g.allow = true
		opts = append(opts, redact.WithAllowKeys(ordinaryKeys...))
	}
	r, err := redact.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// luhnCard returns a card number (starting with 4) made from id.
func luhnCard(id int) string {
	body := fmt.Sprintf("4%014d", id)
	for c := '0'; c <= '9'; c++ {
		s := body + string(c)
		sum, double := 0, false
		for i := len(s) - 1; i >= 0; i-- {
			d := int(s[i] - '0')
			if double {
				if d *= 2; d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
		if sum%10 == 0 {
			return s
		}
	}
	panic("unreachable")
}

// credential returns text holding a credential that a value pattern must
// find, and records what must not leak.
func (g *gen) credential() string {
	id := g.id()
	var text, secret string
	switch g.intn(8) {
	case 0:
		secret = fmt.Sprintf("Tk%dAbC123xyz", id)
		text = "Bearer " + secret
	case 1:
		secret = fmt.Sprintf("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyJWQifQ%d.c2lnbmF0dXJl", id)
		text = secret
	case 2:
		secret = fmt.Sprintf("AKIA%016d", id)
		text = secret
	case 3:
		secret = luhnCard(id)
		text = secret
		if g.intn(2) == 0 {
			text = secret[:4] + " " + secret[4:8] + " " + secret[8:12] + " " + secret[12:]
			secret = text
		}
	case 4:
		secret = fmt.Sprintf("Pw%dzzq", id)
		text = "postgres://app:" + secret + "@db:5432/x"
	case 5:
		secret = fmt.Sprintf("Kv%dqqz", id)
		text = []string{"password=", "token: ", `"api_key":"`, "secret="}[g.intn(4)] + secret
	case 6:
		secret = fmt.Sprintf("MIIEowIBAAKCAQEA%dZ3VS5JJcds3xfn", id)
		text = "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----"
	case 7:
		secret = fmt.Sprintf("Basic dXNlcj%dpwYXNz", id)
		text = secret
		secret = secret[len("Basic "):]
	}
	g.secrets = append(g.secrets, secret)
	return text
}

// text returns fuzzer text, with a credential planted in it when plant.
func (g *gen) text(plant bool) string {
	a, b := g.noise[g.intn(2)], g.noise[g.intn(2)]
	if !plant && g.intn(2) == 0 {
		plant = true
	}
	if !plant {
		return a
	}
	return a + " " + g.credential() + " " + b
}

// keep returns an ordinary value that must survive.
func (g *gen) keep(record bool) string {
	v := fmt.Sprintf("plainvalue%dx", g.id())
	if record {
		g.keeps = append(g.keeps, v)
	}
	return v
}

// secretValue returns a value for a deny-listed key.
func (g *gen) secretValue() string {
	v := fmt.Sprintf("keyval%dzq", g.id())
	g.secrets = append(g.secrets, v)
	return v
}

// fields returns up to max fields. Under a redacted parent (masked), no
// ordinary value is expected to survive.
func (g *gen) fields(depth int, masked bool, max int) []zap.Field {
	n := 1 + g.intn(max)
	out := make([]zap.Field, 0, n)
	for range n {
		out = append(out, g.field(depth, masked))
	}
	return out
}

type fuzzStruct struct {
	Name     string         `json:"name"`
	Password string         `json:"password"`
	Note     string         `json:"note"`
	Hidden   string         `log:"redact"`
	Tags     []string       `json:"tags"`
	Meta     map[string]any `json:"meta,omitempty"`
	Child    *fuzzStruct    `json:"child,omitempty"`
}

func (g *gen) field(depth int, masked bool) zap.Field {
	kind := g.intn(20)
	if depth >= 4 && kind >= 6 {
		kind %= 6
	}
	key := g.ordinaryKey()
	switch kind {
	case 0:
		return zap.String(key, g.keep(!masked))
	case 1:
		return zap.String(key, g.text(true))
	case 2:
		return zap.String(g.deniedKey(), g.secretValue())
	case 3:
		return zap.Error(errors.New(g.text(true)))
	case 4:
		return zap.NamedError(key, verboseErr{msg: g.keep(false), detail: g.text(true)})
	case 5:
		return zap.ByteString(key, []byte(g.text(true)))
	case 6:
		children := g.fields(depth+1, masked, 4)
		return zap.Object(key, zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			for _, c := range children {
				c.AddTo(e)
			}
			return nil
		}))
	case 7:
		// A deny-listed object: everything in it is masked.
		children := g.fields(depth+1, true, 3)
		return zap.Dict(g.deniedKey(), children...)
	case 8:
		return zap.Dict(key, g.fields(depth+1, masked, 4)...)
	case 9:
		elems := make([]string, 1+g.intn(4))
		for i := range elems {
			if g.intn(2) == 0 {
				elems[i] = g.keep(!masked)
			} else {
				elems[i] = g.text(true)
			}
		}
		return zap.Strings(key, elems)
	case 10:
		children := g.fields(depth+1, masked, 3)
		return zap.Array(key, zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
			for _, c := range children {
				cc := c
				if err := a.AppendObject(zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
					cc.AddTo(e)
					return nil
				})); err != nil {
					return err
				}
			}
			return nil
		}))
	case 11:
		m := map[string]any{
			g.ordinaryKey(): g.keep(!masked),
			"list":          []any{g.text(true), 1},
			g.deniedKey():   g.secretValue(),
		}
		if g.allow {
			// "list" is not an allowed key: its values are masked.
			m["list"] = []any{g.text(true)}
		}
		return zap.Any(key, m)
	case 12:
		s := &fuzzStruct{
			Name:     g.keep(!masked && !g.allow),
			Password: g.secretValue(),
			Note:     g.text(true),
			Hidden:   g.secretValue(),
			Tags:     []string{g.text(true)},
		}
		if g.intn(2) == 0 {
			s.Child = s // a cycle
		}
		return zap.Any(key, s)
	case 14:
		// Bytes are checked before they are encoded.
		return zap.Binary(key, []byte(g.text(true)))
	case 15:
		// A secret in a map key.
		return zap.Any(key, map[string]any{g.text(true): 1, g.ordinaryKey(): g.keep(!masked)})
	case 16:
		// A percent-encoded credential.
		return zap.String(key, g.noise[g.intn(2)]+" next="+g.encoded()+" "+g.noise[g.intn(2)])
	case 17:
		// A card number as a float.
		f := float64(g.cardNumber())
		g.secrets = append(g.secrets, strconv.FormatFloat(f, 'f', -1, 64))
		return zap.Float64(key, f)
	case 18:
		return zap.Any(key, fuzzBytes{Name: g.keep(!masked && !g.allow), Blob: []byte(g.text(true))})
	default:
		return zap.Stringer(key, stringer(g.text(true)))
	}
}

type fuzzBytes struct {
	Name string `json:"name"`
	Blob []byte `json:"blob"`
}

// encoded returns a credential percent-encoded as in a query string, and
// records its encoded secret too.
func (g *gen) encoded() string {
	text := g.credential()
	secret := g.secrets[len(g.secrets)-1]
	g.secrets = append(g.secrets, url.QueryEscape(secret))
	return url.QueryEscape(text)
}

// cardNumber returns a card number that a float64 holds exactly.
func (g *gen) cardNumber() int64 {
	n, _ := strconv.ParseInt(luhnCard(g.id()), 10, 64)
	return n
}
