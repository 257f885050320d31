package httpx_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/authlens/authlens/internal/httpx"
)

func ExampleClient_Do() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried: a GET is idempotent
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()

	c := httpx.New(httpx.Options{HTTPClient: srv.Client(), Pacer: httpx.NewPacer(nil)})
	u, _ := url.Parse(srv.URL + "/things")
	resp, err := c.Do(context.Background(), &httpx.Request{URL: u})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, string(resp.Body), resp.Attempts)
	// Output: 200 {"ok":true} 2
}

func ExampleRedactURL() {
	u, _ := url.Parse("https://bucket.example/export.gz?X-Amz-Signature=abc123&part=2")
	fmt.Println(httpx.RedactURL(u))
	// Output: https://bucket.example/export.gz?X-Amz-Signature=[REDACTED]&part=2
}
