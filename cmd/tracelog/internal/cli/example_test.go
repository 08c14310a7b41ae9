package cli_test

import (
	"fmt"
	"os"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
)

// The waterfall of a checkout through three services, written by
// tracelog.New (see logtest.Services.Checkout): the payment fails, a
// webhook's caller logged nothing, and a line of the frontend's cache
// refresh span has no hop.
func Example_tree() {
	dir, err := os.MkdirTemp("", "shop")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ids, err := logtest.WriteShop(dir)
	if err != nil {
		panic(err)
	}
	code := cli.Main([]string{"tree", "--width", "30", ids.Trace.String(), dir}, cli.Env{Stdout: os.Stdout, Stderr: os.Stdout})
	fmt.Println("exit", code)
	// Output:
	// trace 4bf92f3577b34da1a3ce929d0e0e473d
	// 4 hops in 3 services, 11 lines, 140.0ms from 2026-11-21T18:21:20.200000Z
	//
	// HOP                                        STATUS  DURATION  0                        140.0ms
	// frontend GET /checkout                      500 ✗   100.0ms  |██████████████████████        |
	// │   +500µs    info   loading cart  items=3
	// │   +95.0ms   error  http client request  duration=82.0ms http.request.method=POST http.response.status_code=502 server.address=orders server.port=8080 url.path=/orders
	// └── orders POST /orders                     502 ✗    80.0ms  |  ██████████████████          |
	//     │   +20.0ms   info   order created  order_id=42
	//     │   +81.0ms   error  grpc client call  duration=52.0ms exception.message="rpc error: code = Internal" rpc.method=shop.Payments/Charge rpc.status_code=Internal rpc.system.name=grpc
	//     └── payments shop.Payments/Charge  Internal ✗    50.0ms  |      ████████████            |
	//             +60.0ms   error  charge failed  exception.message="card declined" exception.type=*errors.errorString
	// payments POST /webhook                      204      15.0ms  |                          ████|  (parent 00f067aa0ba90906 not found)
	//     +130.0ms  info   webhook received  event=charge.failed
	//
	// unattributed (1 line without a hop)
	//     +2.00ms   frontend  warn   cache miss  span=00f067aa0ba90902 key=cart:42
	// exit 0
}

// Per-route counts, error rates and latency quantiles.
func Example_stats() {
	dir, err := os.MkdirTemp("", "shop")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if _, err := logtest.WriteShop(dir); err != nil {
		panic(err)
	}
	code := cli.Main([]string{"stats", dir}, cli.Env{Stdout: os.Stdout, Stderr: os.Stdout})
	fmt.Println("exit", code)
	// Output:
	// SERVICE   ROUTE                 COUNT  ERRORS  ERROR%      P50      P95      P99  SAMPLED OUT
	// frontend  GET /products            11       0    0.0%   17.0ms   23.0ms   23.0ms            0
	// orders    GET /stock/{sku}         11       0    0.0%   14.0ms   20.0ms   20.0ms            0
	// frontend  GET /checkout             1       1  100.0%  100.0ms  100.0ms  100.0ms            0
	// orders    POST /orders              1       1  100.0%   80.0ms   80.0ms   80.0ms            0
	// payments  POST /webhook             1       0    0.0%   15.0ms   15.0ms   15.0ms            0
	// payments  shop.Payments/Charge      1       1  100.0%   50.0ms   50.0ms   50.0ms            0
	// exit 0
}
