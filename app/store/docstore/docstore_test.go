package docstore

import (
	"errors"
	"testing"
	"time"

	"github.com/actionhub/actionhub/domain"
)

var testSpec = Spec{
	Name: "things",
	Fields: []Field{
		{Name: "owner", Kind: String},
		{Name: "n", Kind: Int},
		{Name: "at", Kind: Time},
		{Name: "code", Kind: String, Unique: true},
	},
	Indexes: [][]string{{"owner", "at"}},
	Sort:    []Order{{Field: "at", Desc: true}},
}

func TestSpecCheck(t *testing.T) {
	t.Parallel()
	if err := testSpec.Check(); err != nil {
		t.Fatal(err)
	}
	bad := []Spec{
		{Name: "Bad-Name"},
		{Name: "x", Fields: []Field{{Name: "id", Kind: String}}},
		{Name: "x", Fields: []Field{{Name: "a", Kind: String}, {Name: "a", Kind: Int}}},
		{Name: "x", Fields: []Field{{Name: "a.b", Kind: String}}},
		{Name: "x", Fields: []Field{{Name: "a"}}},
		{Name: "x", Fields: []Field{{Name: "a", Kind: String, Unique: true, NoIndex: true}}},
		{Name: "x", Indexes: [][]string{{"nope"}}},
		{Name: "x", Sort: []Order{{Field: "nope"}}},
		{Name: "x", Fields: []Field{{Name: "a", Kind: String}, {Name: "b", Kind: Int}}, Sort: []Order{{Field: "a"}, {Field: "b", Desc: true}}},
	}
	for i, s := range bad {
		if s.Check() == nil {
			t.Errorf("spec %d accepted: %+v", i, s)
		}
	}
}

func TestCheckDocNormalises(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 9, 0, 0, 123456789, time.FixedZone("PKT", 5*3600))
	d := Doc{ID: "a", Fields: map[string]any{"owner": "o", "n": 3, "at": at, "code": "K-1"}}
	if err := testSpec.CheckDoc(&d); err != nil {
		t.Fatal(err)
	}
	if d.Fields["n"] != int64(3) || d.Fields["at"] != at.UnixNano() {
		t.Fatalf("not normalised: %#v", d.Fields)
	}
	for name, fields := range map[string]map[string]any{
		"undeclared":    {"code": "x", "colour": "red"},
		"wrong kind":    {"code": "x", "n": "three"},
		"unique unset":  {"owner": "o"},
		"unique zero":   {"code": ""},
		"time as words": {"code": "x", "at": "yesterday"},
	} {
		d := Doc{ID: "a", Fields: fields}
		if err := testSpec.CheckDoc(&d); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := testSpec.CheckDoc(&Doc{Fields: map[string]any{"code": "x"}}); err == nil {
		t.Error("document without ID accepted")
	}
}

func TestValidateRefusesUndeclared(t *testing.T) {
	t.Parallel()
	err := testSpec.Validate([]Cond{{Field: "colour", Op: Eq, Value: "red"}}, nil)
	if !errors.Is(err, ErrUndeclared) {
		t.Fatalf("filter: %v", err)
	}
	err = testSpec.Validate(nil, []Order{{Field: "colour"}})
	if !errors.Is(err, ErrUndeclared) {
		t.Fatalf("sort: %v", err)
	}
	if err := testSpec.Validate([]Cond{{Field: "n", Op: Prefix, Value: "1"}}, nil); err == nil {
		t.Fatal("prefix on an int accepted")
	}
}

func TestValidateRefusesMixedDirections(t *testing.T) {
	t.Parallel()
	for _, sort := range [][]Order{
		{{Field: "owner"}, {Field: "at", Desc: true}},
		{{Field: "owner", Desc: true}, {Field: "at"}},
		{{Field: "owner", Desc: true}, {Field: "n", Desc: true}, {Field: "at"}},
	} {
		if err := testSpec.Validate(nil, sort); !errors.Is(err, ErrMixedSort) {
			t.Errorf("Validate(%+v) = %v, want ErrMixedSort", sort, err)
		}
	}
	for _, sort := range [][]Order{nil, {{Field: "at", Desc: true}}, {{Field: "owner", Desc: true}, {Field: "at", Desc: true}}, {{Field: "owner"}, {Field: "n"}}} {
		if err := testSpec.Validate(nil, sort); err != nil {
			t.Errorf("Validate(%+v) = %v", sort, err)
		}
	}
}

func TestKeysetRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 999999999, time.UTC).UnixNano() // beyond float64 precision
	doc := Doc{ID: "doc-7", Fields: map[string]any{"owner": "o1", "at": at}}
	// The ID breaks ties the way the sort goes.
	for _, tc := range []struct {
		desc   bool
		op, id Op
	}{{false, Gt, Gt}, {true, Lt, Lt}} {
		sort := []Order{{Field: "owner", Desc: tc.desc}, {Field: "at", Desc: tc.desc}}
		or, err := testSpec.Keyset(sort, EncodeCursor(sort, doc))
		if err != nil {
			t.Fatal(err)
		}
		want := [][]Cond{
			{{Field: "owner", Op: tc.op, Value: "o1"}},
			{{Field: "owner", Op: Eq, Value: "o1"}, {Field: "at", Op: tc.op, Value: at}},
			{{Field: "owner", Op: Eq, Value: "o1"}, {Field: "at", Op: Eq, Value: at}, {Field: IDField, Op: tc.id, Value: "doc-7"}},
		}
		if len(or) != len(want) {
			t.Fatalf("desc %v: got %d branches, want %d", tc.desc, len(or), len(want))
		}
		for i := range want {
			if len(or[i]) != len(want[i]) {
				t.Fatalf("desc %v: branch %d: %+v", tc.desc, i, or[i])
			}
			for j := range want[i] {
				if or[i][j].Field != want[i][j].Field || or[i][j].Op != want[i][j].Op || or[i][j].Value != want[i][j].Value {
					t.Errorf("desc %v: branch %d cond %d: got %+v want %+v", tc.desc, i, j, or[i][j], want[i][j])
				}
			}
		}
	}
	sort := []Order{{Field: "owner"}, {Field: "at"}}
	for _, bad := range []string{"!!!", "e30", EncodeCursor(sort[:1], Doc{ID: "x", Fields: map[string]any{"owner": "o"}})} {
		var ve *domain.ValidationError
		if _, err := testSpec.Keyset(sort, bad); !errors.As(err, &ve) {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
}
