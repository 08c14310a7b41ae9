package redact_test

import (
	"errors"
	"fmt"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// exampleLogger writes JSON lines (message and fields only) to stdout
// through a redacting core.
func exampleLogger(r *redact.Redactor) *zap.Logger {
	core := zapcore.NewCore(zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg", LineEnding: "\n"}), zapcore.AddSync(os.Stdout), zapcore.InfoLevel)
	return zap.New(redact.NewCore(core, r))
}

type card struct{ holder, number, cvv string }

func (c card) MarshalLogObject(e zapcore.ObjectEncoder) error {
	e.AddString("holder", c.holder)
	e.AddString("card_number", c.number)
	e.AddString("cvv", c.cvv)
	return nil
}

func ExampleNewCore() {
	log := exampleLogger(redact.Default())
	log.Info("login failed for password=hunter2",
		zap.String("user", "ada"),
		zap.String("apiKey", "k-7f3a"),
		zap.String("referer", "https://shop.example/cb?access_token=abc&page=2"),
		zap.Object("payment", card{"Ada Lovelace", "4111 1111 1111 1111", "123"}),
		zap.Error(errors.New("dial postgres://app:s3cret@db:5432 refused")),
		zap.Int("tokens_used", 42),
	)
	// Output:
	// {"msg":"login failed for password=[REDACTED]","user":"ada","apiKey":"[REDACTED]","referer":"https://shop.example/cb?access_token=[REDACTED]&page=2","payment":{"holder":"Ada Lovelace","card_number":"[REDACTED]","cvv":"[REDACTED]"},"error":"dial postgres://app:[REDACTED]@db:5432 refused","tokens_used":42}
}

func ExampleNew() {
	r, err := redact.New(
		redact.WithDenyKeys("pin"),         // add to the deny list
		redact.WithoutDenyKeys("session"),  // let session and session_id through
		redact.WithPaths("customer.email"), // a key path
		redact.WithPatternString("order_token", `ord_[a-z0-9]{12}`),
		redact.WithRules(
			redact.Key("card_number", redact.KeepLast(4)),
			redact.Key("cvv", redact.Drop()),
		),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	log := exampleLogger(r)
	log.Info("paid with ord_1a2b3c4d5e6f",
		zap.String("pin", "0000"),
		zap.String("session_id", "s-42"),
		zap.Dict("customer", zap.String("name", "Ada"), zap.String("email", "ada@example.com")),
		zap.Object("payment", card{"Ada Lovelace", "4111111111111111", "123"}),
	)
	// Output:
	// {"msg":"paid with [REDACTED]","pin":"[REDACTED]","session_id":"s-42","customer":{"name":"Ada","email":"[REDACTED]"},"payment":{"holder":"Ada Lovelace","card_number":"[REDACTED]1111"}}
}

func ExampleHash() {
	r, _ := redact.New(redact.WithRules(redact.Key("session", redact.Hash([]byte("keep this key secret")))))
	log := exampleLogger(r)
	log.Info("a", zap.String("session", "s-42"))
	log.Info("b", zap.String("session", "s-42"))
	// Output:
	// {"msg":"a","session":"hmac:d1a84b14b15a"}
	// {"msg":"b","session":"hmac:d1a84b14b15a"}
}

func ExampleWithAllowKeys() {
	r, _ := redact.New(redact.WithAllowKeys("method", "status", "user.id"))
	log := exampleLogger(r)
	log.Info("request", zap.String("method", "GET"), zap.Int("status", 200), zap.String("note", "free text"),
		zap.Dict("user", zap.Int("id", 7), zap.String("name", "Ada")))
	// Output:
	// {"msg":"request","method":"GET","status":200,"note":"[REDACTED]","user":{"id":7,"name":"[REDACTED]"}}
}

func ExampleWithSummary() {
	r, _ := redact.New(redact.WithSummary())
	log := exampleLogger(r)
	log.Info("retry with Bearer abcDEF123456", zap.String("password", "hunter2"), zap.String("user", "ada"))
	fmt.Println(r.Count())
	// Output:
	// {"msg":"retry with Bearer [REDACTED]","password":"[REDACTED]","user":"ada","redacted":{"count":2,"keys":["msg","password"]}}
	// 2
}

func ExampleRedactor_Query() {
	fmt.Println(redact.Default().Query("page=2&access_token=abc&X-Amz-Signature=f00d"))
	// Output:
	// page=2&access_token=%5BREDACTED%5D&X-Amz-Signature=%5BREDACTED%5D
}

func ExampleRedactor_Header() {
	r := redact.Default()
	fmt.Println(r.Header("Authorization", "Bearer abcDEF123456"))
	fmt.Println(r.Header("User-Agent", "curl/8.5"))
	fmt.Println(r.Header("X-Debug", "token=abc"))
	// Output:
	// [REDACTED]
	// curl/8.5
	// token=[REDACTED]
}

func ExampleRedactor_String() {
	fmt.Println(redact.Default().String("key AKIAIOSFODNN7EXAMPLE, card 5555-5555-5555-4444, order 4111111111111112"))
	// Output:
	// key [REDACTED], card [REDACTED], order 4111111111111112
}
