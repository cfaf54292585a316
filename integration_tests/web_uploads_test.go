package integration_tests

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rawPost is an upload form posted by hand on its own connection: the
// headers declare the whole body, and the body is sent a little at a
// time, as a slow phone or a client that means harm sends it.
type rawPost struct {
	t    *testing.T
	conn net.Conn
	br   *bufio.Reader
}

const rawBoundary = "actionhubUploadBoundary"

// startRawPost sends the headers of a multipart post declaring length
// bytes and the start of its body: the CSRF field, the file part's head
// and 16 KB of the file (the HTTP server reads the first 8 KB of a body
// before any handler runs). The rest is never sent unless trickle is
// called.
func startRawPost(t *testing.T, ta *testApp, path, cookie, csrf string, length int) *rawPost {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(ta.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	// A test that goes wrong fails rather than hangs.
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n",
		path, strings.TrimPrefix(ta.url, "http://"), cookie, rawBoundary, length)
	body := "--" + rawBoundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--" + rawBoundary +
		"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n" + strings.Repeat("x", 16<<10)
	if _, err := conn.Write([]byte(head + body)); err != nil {
		t.Fatal(err)
	}
	return &rawPost{t: t, conn: conn, br: bufio.NewReader(conn)}
}

// trickle sends a few more bytes of the body; an error means the server
// has closed the connection.
func (r *rawPost) trickle() error {
	_, err := r.conn.Write(bytes.Repeat([]byte("x"), 64))
	return err
}

// answer reads the server's answer, which for a refused post comes while
// almost all of the body is still unsent.
func (r *rawPost) answer() *http.Response {
	r.t.Helper()
	res, err := http.ReadResponse(r.br, nil)
	if err != nil {
		r.t.Fatalf("no answer to a post whose body is unsent: %v", err)
	}
	// The answer's body, read now: the connection closes after it.
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}

// stipendWorld is a case with a stipend whose supplier records payments
// through the pages.
type stipendWorld struct {
	*caseWorld
	caseID     string
	m1, m2, m3 string
}

func buildStipendWorld(t *testing.T, ta *testApp) *stipendWorld {
	t.Helper()
	w := buildCaseWorld(t, ta)
	c := w.openTanneryCase(t)
	id := str(c, "id")
	actionID := w.addStipendAction(t, id, "")
	month := hubMonth
	expect(t, ta.do("PUT", "/api/v1/cases/"+id+"/stipend", w.p.caseWorker, map[string]any{"action_id": actionID, "due_day": 10,
		"start": month(-3), "end": month(2)}), http.StatusOK)
	return &stipendWorld{caseWorld: w, caseID: id, m1: month(-3), m2: month(-2), m3: month(-1)}
}

// TestWebLargeUploads: a supplier's 4 MB proof, with the payment and
// after it, and a case worker's 3 MB photo go through the pages and come
// back byte for byte; bodies over the page's limit are refused with 413
// before they are read, and one of undeclared length with 411. A post holding only a sign-in form's cookie is
// refused before any of its body is read, stores nothing and holds no
// upload slot: with six such posts still sending, a signed-in upload goes
// through.
func TestWebLargeUploads(t *testing.T) {
	ta := startApp(t)
	w := buildStipendWorld(t, ta)
	id := w.caseID
	pid1, pid2, pid3 := id+":"+w.m1, id+":"+w.m2, id+":"+w.m3

	sup := newWebClient(t, ta)
	sup.signIn("compliance@multanleather.demo")
	proof := func(n int, fill byte) []byte {
		return append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{fill}, n)...)
	}

	// With the payment, 4 MB.
	proof1 := proof(4<<20, 'a')
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {w.m1}, "amount_pkr": {"9000"},
		"paid_on": {w.m1 + "-05"}}, proof1), http.StatusSeeOther)
	// After the payment, 4 MB.
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {w.m2}, "amount_pkr": {"9000"},
		"paid_on": {w.m2 + "-05"}}, nil), http.StatusSeeOther)
	proof2 := proof(4<<20, 'b')
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipend-payments/"+pid2+"/proof", url.Values{}, proof2), http.StatusSeeOther)
	for pid, want := range map[string][]byte{pid1: proof1, pid2: proof2} {
		dl := sup.get("/stipend-payments/" + pid + "/proof")
		if dl.Status != http.StatusOK || dl.Header.Get("Content-Type") != "application/pdf" || dl.Body != string(want) {
			t.Errorf("the proof of %s: %d %s, %d bytes, want %d", pid, dl.Status, dl.Header.Get("Content-Type"), len(dl.Body), len(want))
		}
	}
	// A third month recorded without a proof: nothing below may give it one.
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {w.m3}, "amount_pkr": {"9000"},
		"paid_on": {w.m3 + "-05"}}, nil), http.StatusSeeOther)
	noProof := func(when string) {
		t.Helper()
		if dl := sup.get("/stipend-payments/" + pid3 + "/proof"); dl.Status != http.StatusNotFound {
			t.Errorf("%s: the month without a proof has one: %d, %d bytes", when, dl.Status, len(dl.Body))
		}
	}
	noProof("before")

	// The case worker's 3 MB photo through the page.
	cw := newWebClient(t, ta)
	cw.signIn("case.worker@crah.demo")
	casePath := "/cases/" + id
	ver := func() string { return fmt.Sprint(caseAPI(t, ta, w.p.caseWorker, id)["version"]) }
	photo := append(append([]byte{}, pngFile...), bytes.Repeat([]byte{9}, 3<<20)...)
	cw.get(casePath)
	expectPage(t, cw.postPhoto(casePath+"/photo", ver(), photo), http.StatusSeeOther)
	samePhoto := func(when string) {
		t.Helper()
		pg := cw.get(casePath + "/photo")
		if pg.Status != http.StatusOK || pg.Header.Get("Content-Type") != "image/png" || pg.Body != string(photo) {
			t.Errorf("%s: the photo: %d %q, %d bytes, want %d", when, pg.Status, pg.Header.Get("Content-Type"), len(pg.Body), len(photo))
		}
	}
	samePhoto("uploaded")

	// Over the page's limit: 413 before the body is read.
	supCookie := "actionhub_session=" + sup.cookie("actionhub_session")
	cwCookie := "actionhub_session=" + cw.cookie("actionhub_session")
	// The answer is a page that says so, with the form's limit.
	refusalPage := func(what string, res *http.Response, status int, says ...string) {
		t.Helper()
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		if res.StatusCode != status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: %d %q, want a %d page", what, res.StatusCode, res.Header.Get("Content-Type"), status)
		}
		for _, s := range says {
			if !strings.Contains(string(b), s) {
				t.Errorf("%s: the page does not say %q: %.2000s", what, s, b)
			}
		}
	}
	sup.get("/stipends/" + id)
	refusalPage("a 26 MB proof", startRawPost(t, ta, "/stipend-payments/"+pid3+"/proof", supCookie, sup.csrf, 26<<20).answer(),
		http.StatusRequestEntityTooLarge, "The file is too large", "At most 25 MB")
	cw.get(casePath)
	refusalPage("an 11 MB photo", startRawPost(t, ta, casePath+"/photo", cwCookie, cw.csrf, 11<<20).answer(),
		http.StatusRequestEntityTooLarge, "The file is too large", "At most 10 MB")
	// A form of undeclared length (chunked) is refused: a page's form
	// parser has no limit of its own, and browsers always send the length.
	conn, err := net.Dial("tcp", strings.TrimPrefix(ta.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST /stipend-payments/%s/proof HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\n"+
		"Transfer-Encoding: chunked\r\n\r\n4000\r\n%s\r\n", pid3, supCookie, rawBoundary, strings.Repeat("x", 0x4000))
	if res, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil {
		t.Errorf("a chunked proof: %v", err)
	} else {
		refusalPage("a chunked proof", res, http.StatusLengthRequired, "The form could not be read")
	}
	noProof("after a proof over the limit")
	samePhoto("after a photo over the limit")

	// Only the sign-in form's cookie and its (valid) CSRF token: refused
	// before the body is read, as a post without a session always is.
	anon := newWebClient(t, ta)
	anon.get("/login")
	preCookie := "actionhub_pre=" + anon.cookie("actionhub_pre")
	if anon.csrf == "" || preCookie == "actionhub_pre=" {
		t.Fatal("the sign-in page set no pre-session cookie or CSRF token")
	}
	routes := []string{"/stipend-payments/" + pid3 + "/proof", "/stipends/" + id + "/payments", casePath + "/photo", "/upload"}
	for _, path := range routes {
		res := startRawPost(t, ta, path, preCookie, anon.csrf, 4<<20).answer()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s without a session: %d %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	noProof("after posts without a session")
	samePhoto("after posts without a session")

	// Six anonymous posts still sending their 5 MB: no upload slot is held,
	// a signed-in upload goes through.
	var slow []*rawPost
	for i := range 6 {
		r := startRawPost(t, ta, routes[i%len(routes)], preCookie, anon.csrf, 5<<20)
		_ = r.trickle()
		slow = append(slow, r)
	}
	proof3 := proof(3<<20, 'c')
	sup.get("/stipends/" + id)
	expectPage(t, sup.postFile("/stipend-payments/"+pid3+"/proof", url.Values{}, proof3), http.StatusSeeOther)
	if dl := sup.get("/stipend-payments/" + pid3 + "/proof"); dl.Status != http.StatusOK || dl.Body != string(proof3) {
		t.Errorf("the proof sent beside six slow anonymous posts: %d, %d bytes", dl.Status, len(dl.Body))
	}
	for _, r := range slow {
		_ = r.trickle()
		if res := r.answer(); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a slow post without a session: %d", res.StatusCode)
		}
	}
}

// TestWebUploadSlotsShared: the pages' uploads take the API's upload
// slots. Four signed-in page uploads still sending hold all four; an API
// upload then waits for none and is refused with 503 and Retry-After, and
// so is a fifth page upload (the 503 page); once the four end, both go
// through again.
func TestWebUploadSlotsShared(t *testing.T) {
	ta := startApp(t)
	w := buildStipendWorld(t, ta)
	id := w.caseID
	sup := newWebClient(t, ta)
	sup.signIn("compliance@multanleather.demo")
	for _, m := range []string{w.m1, w.m2} {
		sup.get("/stipends/" + id)
		expectPage(t, sup.postFile("/stipends/"+id+"/payments", url.Values{"period": {m}, "amount_pkr": {"9000"},
			"paid_on": {m + "-05"}}, nil), http.StatusSeeOther)
	}
	pid1, pid2 := id+":"+w.m1, id+":"+w.m2
	cookie := "actionhub_session=" + sup.cookie("actionhub_session")
	sup.get("/stipends/" + id)

	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("z"), 2<<20)...)
	probe := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("p"), 1100<<10)...)
	// The four take their slots once their headers reach the pages, which
	// the client cannot see: the API's upload (to the month they post to,
	// which they never finish) asks until it finds no slot free. A round
	// where it went through took a slot one of the four needed; its four
	// are closed and four more tried.
	var held []*rawPost
	var api response
	for range 20 {
		held = held[:0]
		for range 4 {
			r := startRawPost(t, ta, "/stipend-payments/"+pid1+"/proof", cookie, sup.csrf, 5<<20)
			_ = r.trickle()
			held = append(held, r)
		}
		time.Sleep(200 * time.Millisecond)
		if api = ta.send("POST", "/api/v1/stipend-payments/"+pid1+"/proof", w.multan, "application/pdf", probe); api.Status == http.StatusServiceUnavailable {
			break
		}
		for _, r := range held {
			r.conn.Close()
		}
	}
	if api.Status != http.StatusServiceUnavailable || api.Header.Get("Retry-After") == "" {
		t.Fatalf("an API upload while four page uploads hold the slots: %d %q %s", api.Status, api.Header.Get("Retry-After"), api.Raw)
	}
	fifth := startRawPost(t, ta, "/stipend-payments/"+pid2+"/proof", cookie, sup.csrf, len(big)).answer()
	if fifth.StatusCode != http.StatusServiceUnavailable || fifth.Header.Get("Retry-After") == "" ||
		!strings.HasPrefix(fifth.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a fifth page upload: %d %q %q", fifth.StatusCode, fifth.Header.Get("Retry-After"), fifth.Header.Get("Content-Type"))
	}
	if dl := sup.get("/stipend-payments/" + pid2 + "/proof"); dl.Status != http.StatusNotFound {
		t.Errorf("a refused upload stored a proof: %d", dl.Status)
	}

	// The four end (their connections close); the slots come back.
	for _, r := range held {
		r.conn.Close()
	}
	sup.get("/stipends/" + id)
	var pg page
	for range 200 {
		if pg = sup.postFile("/stipend-payments/"+pid2+"/proof", url.Values{}, big); pg.Status != http.StatusServiceUnavailable {
			break
		}
		sup.get("/stipends/" + id)
		time.Sleep(50 * time.Millisecond)
	}
	expectPage(t, pg, http.StatusSeeOther)
	if dl := sup.get("/stipend-payments/" + pid2 + "/proof"); dl.Status != http.StatusOK || dl.Body != string(big) {
		t.Errorf("the proof once the slots are free: %d, %d bytes", dl.Status, len(dl.Body))
	}
}
