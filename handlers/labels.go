package handlers

import (
	"careerbot/knowledge"
)

// Label keys: the fixed wording that renderers put around a Reply (section
// names, button labels, the shortening notice). They live here, beside the
// replies' own messages, so that the console, Slack and Discord use the
// same words in both locales.
const (
	LabelSources       = "sources"        // heading of the cited sources
	LabelMoreSources   = "more_sources"   // %d: sources folded into one line
	LabelTry           = "try"            // heading of the suggested commands
	LabelNotes         = "notes"          // heading of the reply's caveats
	LabelSharedBy      = "shared_by"      // %s: who shared a private answer
	LabelShare         = "share_button"   // a Share button without a label
	LabelMore          = "more_button"    // a More button without a label
	LabelShortened     = "shortened"      // the marker on a shortened answer
	LabelShortenedFit  = "shortened_fit"  // %s: the platform the answer was fitted to
	LabelOmittedParts  = "omitted_parts"  // %d: parts left out
	LabelOmittedChars  = "omitted_chars"  // %d: characters left out
	LabelAskNarrower   = "ask_narrower"   // how to see the rest
	LabelStatusPrefix  = "status_"        // + Status: what a failed reply is
	labelStatusUnknown = "status_unknown" // a Status with no wording of its own
)

// labels holds the renderers' wording. Keep every entry in both locales.
var labels = map[string]knowledge.Text{
	LabelSources:       {JA: "出典", EN: "Sources"},
	LabelMoreSources:   {JA: "ほか %d 件", EN: "%d more"},
	LabelTry:           {JA: "こちらもどうぞ", EN: "Try"},
	LabelNotes:         {JA: "注記", EN: "Notes"},
	LabelSharedBy:      {JA: "%s さんが共有しました", EN: "Shared by %s"},
	LabelShare:         {JA: "チャンネルに共有", EN: "Share in channel"},
	LabelMore:          {JA: "全文を見る", EN: "Show all"},
	LabelShortened:     {JA: "（省略あり）", EN: "(shortened)"},
	LabelShortenedFit:  {JA: "%s の上限に合わせて回答を短くしました", EN: "This answer was shortened to fit %s"},
	LabelOmittedParts:  {JA: "残り %d 件は省略", EN: "%d more parts not shown"},
	LabelOmittedChars:  {JA: "あと %d 文字を省略", EN: "%d more characters not shown"},
	LabelAskNarrower:   {JA: "続きは質問を絞り込んでお試しください (/careerhelp も参照)。", EN: "Ask a narrower question to see the rest, or try /careerhelp."},
	labelStatusUnknown: {JA: "エラー", EN: "Error"},
	LabelStatusPrefix + string(StatusNotFound):  {JA: "見つかりません", EN: "Not found"},
	LabelStatusPrefix + string(StatusInvalid):   {JA: "入力を確認してください", EN: "Check the input"},
	LabelStatusPrefix + string(StatusForbidden): {JA: "権限がありません", EN: "Not allowed"},
	LabelStatusPrefix + string(StatusInternal):  {JA: "エラー", EN: "Error"},
}

// Label is the renderers' wording for key in l, with args filled in as by
// fmt.Sprintf. An unknown key comes out as itself, so a missing entry is
// visible rather than blank.
func Label(l knowledge.Locale, key string, args ...any) string {
	return format(labels, l, key, args...)
}

// StatusLabel says in words what a failed reply is ("Not found"); it is
// empty for StatusOK.
func StatusLabel(l knowledge.Locale, s Status) string {
	if s == StatusOK {
		return ""
	}
	if _, ok := labels[LabelStatusPrefix+string(s)]; ok {
		return Label(l, LabelStatusPrefix+string(s))
	}
	return Label(l, labelStatusUnknown)
}

// LabelKeys lists every label key, for tests that check each is worded in
// both locales.
func LabelKeys() []string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	return keys
}
