package handlers

import "github.com/mattn/go-runewidth"

// eastAsian counts East Asian ambiguous-width characters (“ ” ◯ ※ … ①)
// as two columns, as Japanese monospace fonts draw them. Counting them as
// one, as a plain Unicode width table does, misaligns Japanese tables.
var eastAsian = &runewidth.Condition{EastAsianWidth: true}

// DisplayWidth is how many columns s takes in a monospace font: East Asian
// wide, full-width and ambiguous characters take two, combining marks and
// zero-width characters none. Renderers that lay out tables in monospace
// text (the console, Slack code blocks) use it so Japanese cells line up.
func DisplayWidth(s string) int {
	return eastAsian.StringWidth(s)
}

// RuneWidth is DisplayWidth for one character.
func RuneWidth(r rune) int {
	return eastAsian.RuneWidth(r)
}
