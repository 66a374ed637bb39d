package handlers

import "golang.org/x/text/width"

// DisplayWidth is how many columns s takes in a monospace font: East Asian
// wide and full-width characters take two. Renderers that lay out tables in
// monospace text (the console, Slack code blocks) use it so Japanese cells
// line up.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
