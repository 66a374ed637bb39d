package discordbot

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// specPath is the part of Discord's published OpenAPI spec the tests use
// (see testdata/README.md for its source and how it is trimmed).
const specPath = "testdata/discord-openapi.trimmed.json"

// A small validator for the subset of OpenAPI 3.1 / JSON Schema that
// Discord's spec uses for the requests careerbot sends: type (with null in
// type arrays), properties, required, additionalProperties, min/maxLength,
// min/maxItems, uniqueItems, maxProperties, enum, const, pattern,
// minimum/maximum, oneOf/anyOf/allOf and $ref. Formats are not checked.

var (
	specOnce    sync.Once
	specSchemas map[string]any
	specErr     error
)

func loadSpec(t testing.TB) map[string]any {
	t.Helper()
	specOnce.Do(func() {
		raw, err := os.ReadFile(specPath)
		if err != nil {
			specErr = err
			return
		}
		var doc struct {
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			specErr = err
			return
		}
		specSchemas = doc.Components.Schemas
	})
	if specErr != nil {
		t.Fatalf("loading Discord's OpenAPI spec: %v", specErr)
	}
	return specSchemas
}

// validateJSON checks a JSON document against components/schemas/name and
// returns one line per violation.
func validateJSON(t testing.TB, name string, doc []byte) []string {
	t.Helper()
	schemas := loadSpec(t)
	s, ok := schemas[name]
	if !ok {
		t.Fatalf("schema %s is not in the spec", name)
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	c := &checker{schemas: schemas}
	return c.check("$", s, v)
}

// mustValidate fails the test when doc breaks the named schema.
func mustValidate(t testing.TB, name string, doc []byte) {
	t.Helper()
	if errs := validateJSON(t, name, doc); len(errs) > 0 {
		t.Errorf("%s: %d violations:\n  %s\ndocument: %s", name, len(errs), strings.Join(errs, "\n  "), shorten(string(doc), 2000))
	}
}

func shorten(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

type checker struct {
	schemas map[string]any
	depth   int
}

var patternCache sync.Map

func (c *checker) check(path string, schema any, v any) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		if b, ok := schema.(bool); ok && !b {
			return []string{path + ": not allowed"}
		}
		return nil
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 64 {
		return []string{path + ": schema too deep"}
	}
	var errs []string
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target, ok := c.schemas[name]
		if !ok {
			return []string{path + ": unresolvable $ref " + ref}
		}
		errs = append(errs, c.check(path, target, v)...)
	}
	if ts, ok := s["type"]; ok {
		if !typeMatches(ts, v) {
			return append(errs, fmt.Sprintf("%s: %s is not of type %v", path, jsonType(v), ts))
		}
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range e {
			if reflect.DeepEqual(x, v) {
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, e))
		}
	}
	if cst, ok := s["const"]; ok && !reflect.DeepEqual(cst, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not %v", path, v, cst))
	}
	for _, sub := range list(s["allOf"]) {
		errs = append(errs, c.check(path, sub, v)...)
	}
	if alts := list(s["oneOf"]); len(alts) > 0 {
		if n := c.passing(path, alts, v); n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of the oneOf alternatives, want exactly 1 (%s)", path, n, c.why(path, alts, v)))
		}
	}
	if alts := list(s["anyOf"]); len(alts) > 0 {
		if n := c.passing(path, alts, v); n == 0 {
			errs = append(errs, fmt.Sprintf("%s: matches none of the anyOf alternatives (%s)", path, c.why(path, alts, v)))
		}
	}
	switch x := v.(type) {
	case string:
		n := utf8.RuneCountInString(x)
		if m, ok := num(s["maxLength"]); ok && float64(n) > m {
			errs = append(errs, fmt.Sprintf("%s: %d characters, more than maxLength %v", path, n, m))
		}
		if m, ok := num(s["minLength"]); ok && float64(n) < m {
			errs = append(errs, fmt.Sprintf("%s: %d characters, fewer than minLength %v", path, n, m))
		}
		if p, ok := s["pattern"].(string); ok {
			re, _ := patternCache.LoadOrStore(p, compileOrNil(p))
			if re, ok := re.(*regexp.Regexp); ok && re != nil && !re.MatchString(x) {
				errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, x, p))
			}
		}
	case float64:
		if m, ok := num(s["maximum"]); ok && x > m {
			errs = append(errs, fmt.Sprintf("%s: %v above maximum %v", path, x, m))
		}
		if m, ok := num(s["minimum"]); ok && x < m {
			errs = append(errs, fmt.Sprintf("%s: %v below minimum %v", path, x, m))
		}
	case []any:
		if m, ok := num(s["maxItems"]); ok && float64(len(x)) > m {
			errs = append(errs, fmt.Sprintf("%s: %d items, more than maxItems %v", path, len(x), m))
		}
		if m, ok := num(s["minItems"]); ok && float64(len(x)) < m {
			errs = append(errs, fmt.Sprintf("%s: %d items, fewer than minItems %v", path, len(x), m))
		}
		if u, _ := s["uniqueItems"].(bool); u {
			for i := range x {
				for j := i + 1; j < len(x); j++ {
					if reflect.DeepEqual(x[i], x[j]) {
						errs = append(errs, fmt.Sprintf("%s: items %d and %d are equal but must be unique", path, i, j))
					}
				}
			}
		}
		if items, ok := s["items"]; ok {
			for i, it := range x {
				errs = append(errs, c.check(fmt.Sprintf("%s[%d]", path, i), items, it)...)
			}
		}
	case map[string]any:
		if m, ok := num(s["maxProperties"]); ok && float64(len(x)) > m {
			errs = append(errs, fmt.Sprintf("%s: %d properties, more than maxProperties %v", path, len(x), m))
		}
		for _, r := range list(s["required"]) {
			if name, _ := r.(string); name != "" {
				if _, ok := x[name]; !ok {
					errs = append(errs, fmt.Sprintf("%s: required property %q is missing", path, name))
				}
			}
		}
		props, _ := s["properties"].(map[string]any)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k]; ok {
				errs = append(errs, c.check(path+"."+k, ps, x[k])...)
				continue
			}
			if ap, ok := s["additionalProperties"]; ok {
				if b, ok := ap.(bool); ok {
					if !b {
						errs = append(errs, fmt.Sprintf("%s: property %q is not allowed", path, k))
					}
					continue
				}
				errs = append(errs, c.check(path+"."+k, ap, x[k])...)
			}
		}
	}
	return errs
}

func (c *checker) passing(path string, alts []any, v any) int {
	n := 0
	for _, a := range alts {
		if len(c.check(path, a, v)) == 0 {
			n++
		}
	}
	return n
}

// why summarises the first violation of each alternative, for messages.
func (c *checker) why(path string, alts []any, v any) string {
	var out []string
	for i, a := range alts {
		if e := c.check(path, a, v); len(e) > 0 {
			out = append(out, fmt.Sprintf("#%d: %s", i, e[0]))
		}
	}
	return shorten(strings.Join(out, "; "), 600)
}

func compileOrNil(p string) *regexp.Regexp {
	re, err := regexp.Compile(p)
	if err != nil {
		return nil
	}
	return re
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func num(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeMatches(ts any, v any) bool {
	got := jsonType(v)
	match := func(t string) bool {
		return t == got || (t == "number" && got == "integer")
	}
	switch t := ts.(type) {
	case string:
		return match(t)
	case []any:
		for _, x := range t {
			if s, _ := x.(string); match(s) {
				return true
			}
		}
	}
	return false
}

// The checker must be able to fail, or passing it proves nothing.
func TestSchemaCheckerCatchesViolations(t *testing.T) {
	good, err := os.ReadFile("testdata/fixtures/discord-docs-example-slash-command.json")
	if err != nil {
		t.Fatal(err)
	}
	if errs := validateJSON(t, "ApplicationCommandCreateRequest", good); len(errs) != 0 {
		t.Fatalf("Discord's own example command should validate, got %v", errs)
	}
	bad := []struct {
		name, schema, doc, want string
	}{
		{"name too long", "ApplicationCommandUpdateRequest", `{"name":"` + strings.Repeat("x", 33) + `"}`, "maxLength"},
		{"missing name", "ApplicationCommandUpdateRequest", `{"description":"d"}`, "required"},
		{"option description too long", "ApplicationCommandUpdateRequest", `{"name":"a","options":[{"type":3,"name":"b","description":"` + strings.Repeat("d", 101) + `"}]}`, "oneOf"},
		{"too many choices", "ApplicationCommandStringOption", `{"type":3,"name":"b","description":"d","choices":[` + strings.TrimSuffix(strings.Repeat(`{"name":"n","value":"v"},`, 26), ",") + `]}`, "maxItems"},
		{"embed title too long", "RichEmbed", `{"title":"` + strings.Repeat("t", 257) + `"}`, "maxLength"},
		{"field without value", "RichEmbed", `{"fields":[{"name":"n"}]}`, "required"},
		{"wrong callback type", "CreateMessageInteractionCallbackRequest", `{"type":8}`, "not one of"},
		{"autocomplete without data", "ApplicationCommandAutocompleteCallbackRequest", `{"type":8}`, "required"},
		{"content too long", "CreateMessageInteractionCallbackRequest", `{"type":4,"data":{"content":"` + strings.Repeat("c", 2001) + `"}}`, "oneOf"},
		{"unknown allowed mention", "MessageAllowedMentionsRequest", `{"parse":["channels"]}`, "oneOf"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			errs := validateJSON(t, tc.schema, []byte(tc.doc))
			if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("want a %q violation, got %v", tc.want, errs)
			}
		})
	}
}
