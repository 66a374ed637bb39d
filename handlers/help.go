package handlers

import (
	"context"
	"strings"
)

func (r *Router) help(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	rep := Reply{Title: tr(l, "help_title"), Paragraphs: []string{tr(l, "help_p")}}
	for _, c := range Commands() {
		usage := "/" + c.Name
		if c.Usage != "" {
			usage += " " + c.Usage
		}
		rep.Fields = append(rep.Fields, Field{Label: usage, Value: c.Description.In(l) + "\n" + strings.Join(c.Examples, "  ")})
	}
	return rep, nil
}
