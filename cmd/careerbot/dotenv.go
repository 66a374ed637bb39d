package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// dotenv is what a .env file sets, and on which line, so that an error
// about a setting can say where it came from.
type dotenv struct {
	path  string
	vals  map[string]string
	lines map[string]int
}

// readDotenv reads path; a missing file sets nothing.
//
// Every line is checked here first, because godotenv's own errors quote the
// text they stopped at, which for an unclosed quote is the secret itself.
// The errors of this function name the file, the line and the setting,
// never a value.
func readDotenv(path string) (dotenv, error) {
	env := dotenv{path: path, vals: map[string]string{}, lines: map[string]int{}}
	if path == "" {
		return env, nil
	}
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return env, nil
	}
	if err != nil {
		return env, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := env.check(src); err != nil {
		return env, err
	}
	vals, err := godotenv.UnmarshalBytes(src)
	if err != nil {
		// check accepts only what godotenv parses, so this is not expected;
		// godotenv's own text may hold a value, so it is not passed on.
		return env, fmt.Errorf("%s: not in KEY=value form (the text is not shown, as it may be a secret)", path)
	}
	env.vals = vals
	return env, nil
}

// check validates every statement of src and records the line of each key.
func (env *dotenv) check(src []byte) error {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		n := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || line[0] == '#' {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			line = strings.TrimSpace(rest)
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("%s line %d: not a KEY=value line (the line is not shown, as it may be a secret)", env.path, n)
		}
		key = strings.TrimSpace(key)
		if !validKey(key) {
			if len(key) > 64 || key == "" {
				return fmt.Errorf("%s line %d: the text before = is not a setting name (use letters, digits and _, no spaces)", env.path, n)
			}
			return fmt.Errorf("%s line %d: %q is not a setting name (use letters, digits and _, no spaces, e.g. %s)", env.path, n, key, suggestKey(key))
		}
		env.lines[key] = n
		value = strings.TrimLeft(value, " \t")
		if value == "" || (value[0] != '"' && value[0] != '\'') {
			continue
		}
		// A quoted value may span lines, as godotenv allows; find its end.
		quote := value[0]
		text, first := value[1:], n
		for {
			if end := closingQuote(text, quote); end >= 0 {
				after := strings.TrimSpace(text[end+1:])
				if after != "" && after[0] != '#' {
					return fmt.Errorf("%s line %d: %s: text follows the closing quote (the value is not shown)", env.path, n, key)
				}
				break
			}
			i++
			if i >= len(lines) {
				return fmt.Errorf("%s line %d: %s: the value opens a %c quote that is never closed (the value is not shown)", env.path, first, key, quote)
			}
			n, text = i+1, lines[i]
		}
	}
	return nil
}

// closingQuote returns the index of the first quote in s not escaped by a
// backslash, or -1.
func closingQuote(s string, quote byte) int {
	for j := 0; j < len(s); j++ {
		if s[j] == quote && (j == 0 || s[j-1] != '\\') {
			return j
		}
	}
	return -1
}

func validKey(k string) bool {
	if k == "" || (k[0] >= '0' && k[0] <= '9') {
		return false
	}
	for _, c := range k {
		if !isKeyChar(c) {
			return false
		}
	}
	return true
}

func isKeyChar(c rune) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// suggestKey turns "SLACK SIGNING SECRET" into SLACK_SIGNING_SECRET.
func suggestKey(k string) string {
	var b bytes.Buffer
	for _, f := range strings.FieldsFunc(k, func(r rune) bool { return !isKeyChar(r) }) {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(f)
	}
	if b.Len() == 0 {
		return "SLACK_BOT_TOKEN"
	}
	return strings.ToUpper(b.String())
}

// where says where a setting's value came from, for error messages.
func (env dotenv) where(key string, fromEnv bool) string {
	if fromEnv {
		return "(environment)"
	}
	if n, ok := env.lines[key]; ok {
		return fmt.Sprintf("(%s line %d)", env.path, n)
	}
	return "(default)"
}
