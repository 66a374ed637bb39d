package handlers

import (
	"context"
	"strconv"
)

// versionNamer is implemented by a knowledge base that can cheaply name
// the version its next answers come from, and bring itself up to it
// (store.Store.KnowledgeVersion: one indexed read, skipped while nothing
// in the database's directory was written).
type versionNamer interface {
	KnowledgeVersion(ctx context.Context) (string, error)
}

// KnowledgeVersion names the knowledge version the next answer comes from:
// an opaque string that changes with every applied import, including one
// made by another process on the same database. The adapters' answer cache
// (bot/answercache) keys on it, so an import shows at the very next request.
// It is checked afresh on every call.
func (r *Router) KnowledgeVersion(ctx context.Context) (string, error) {
	if kb, ok := r.kb.(versionNamer); ok {
		return kb.KnowledgeVersion(ctx)
	}
	v, err := r.kb.Version(ctx)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(v.Number) + "-" + v.Hash, nil
}

// Reusable reports whether a reply may be shown again to the next person
// asking the same question (see CommandSpec.Cacheable for which commands
// qualify): it must be an answer, not an error, and not a question the
// knowledge base had no answer for, since those are counted by the gaps
// recorder on every ask and a cached copy would never reach it.
func (r Reply) Reusable() bool {
	return r.OK() && !isGap(r.Command, r)
}
