package discordbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// How share buttons remember long values (see shareStore).
const (
	shareTTL = 6 * time.Hour
	shareMax = 4096
)

// Custom ids of share buttons: the value itself when it fits in Discord's
// 100 characters, otherwise a key into the bounded in-memory shareStore.
// More and suggestion buttons work the same way with their own prefixes.
const (
	sharePrefix    = "share:"
	shareInline    = "share:v:"
	shareReference = "share:k:"
	morePrefix     = "more:"
	tryPrefix      = "try:"
)

// locale picks the language of an answer: the user's client locale, then
// the server's, then the configured default.
func locale(i *discordgo.Interaction, def knowledge.Locale) knowledge.Locale {
	if l, ok := knowledge.ParseLocale(string(i.Locale)); ok {
		return l
	}
	if i.GuildLocale != nil {
		if l, ok := knowledge.ParseLocale(string(*i.GuildLocale)); ok {
			return l
		}
	}
	return def
}

// toRequest turns an application-command interaction into a neutral
// request: options become the argument text in the order the command spec
// declares them, a subcommand's name comes first. specs are the commands
// by name (see specsByName).
func toRequest(i *discordgo.Interaction, def knowledge.Locale, specs map[string]handlers.CommandSpec) handlers.Request {
	req := handlers.Request{
		Locale:    locale(i, def),
		Platform:  "discord",
		Workspace: i.GuildID,
		Channel:   i.ChannelID,
	}
	var u *discordgo.User
	if i.Member != nil {
		u = i.Member.User
		// Interactions carry the member's permissions in this channel;
		// Administrator implies every other permission.
		req.IsAdmin = i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0
	}
	if u == nil {
		u = i.User
	}
	if u != nil {
		req.User = u.ID
		req.UserName = u.Username
		if u.GlobalName != "" {
			req.UserName = u.GlobalName
		}
	}
	if i.Member != nil && i.Member.Nick != "" {
		req.UserName = i.Member.Nick
	}
	if i.Type != discordgo.InteractionApplicationCommand && i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return req
	}
	data := i.ApplicationCommandData()
	req.Command = strings.ToLower(data.Name)
	spec := specs[req.Command]
	var args []string
	opts := data.Options
	if len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		args = append(args, opts[0].Name)
		for _, sub := range spec.Subcommands {
			if sub.Name == opts[0].Name {
				spec = sub
			}
		}
		opts = opts[0].Options
	}
	args = append(args, optionValues(opts, spec.Options)...)
	req.Args = strings.Join(args, " ")
	return req
}

// optionValues returns the values of the given options ordered as declared
// in specs; options the spec does not know come last, as sent.
func optionValues(opts []*discordgo.ApplicationCommandInteractionDataOption, specs []handlers.OptionSpec) []string {
	rank := func(name string) int {
		for i, s := range specs {
			if s.Name == name {
				return i
			}
		}
		return len(specs)
	}
	sorted := append([]*discordgo.ApplicationCommandInteractionDataOption(nil), opts...)
	sort.SliceStable(sorted, func(a, b int) bool { return rank(sorted[a].Name) < rank(sorted[b].Name) })
	var out []string
	for _, o := range sorted {
		if v := strings.TrimSpace(valueString(o.Value)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func valueString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	default:
		return ""
	}
}

// specsByName indexes command specs by name; built once per Bot, since
// handlers.Commands builds the whole list on every call.
func specsByName(specs []handlers.CommandSpec) map[string]handlers.CommandSpec {
	m := make(map[string]handlers.CommandSpec, len(specs))
	for _, c := range specs {
		m[c.Name] = c
	}
	return m
}

// focused finds the option being typed in an autocomplete interaction,
// inside a subcommand if there is one.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	for _, o := range opts {
		if o.Focused {
			return o, true
		}
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			if f, ok := focused(o.Options); ok {
				return f, true
			}
		}
	}
	return nil, false
}

// respond answers an interaction. resp is the first response, to send at
// once (as the HTTP body, or to the callback endpoint); when the answer was
// slower than deferAfter, resp is a deferral and followUp, run after resp
// was sent, delivers the answer. gateway says whether a share may post to
// the channel itself (it needs the bot token).
func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, gateway bool) (resp *discordgo.InteractionResponse, followUp func()) {
	resp, _, followUp = b.respondEncoded(ctx, i, gateway)
	return resp, followUp
}

// respondEncoded is respond, with the response's JSON when the answer
// cache already holds it (else nil).
func (b *Bot) respondEncoded(ctx context.Context, i *discordgo.Interaction, gateway bool) (*discordgo.InteractionResponse, []byte, func()) {
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil, nil
	case discordgo.InteractionApplicationCommand:
		req := toRequest(i, b.cfg.DefaultLocale, b.specs)
		b.log.Debug("command", "command", req.Command, "args", req.Args, "guild", req.Workspace, "user", req.User)
		if r, ok := b.digestForm(req); ok {
			return r, nil, nil
		}
		// A cached answer is sent at once, without the deferral timer.
		start := time.Now()
		k, cacheable, a, hit := b.cached(ctx, req)
		if hit {
			b.cfg.Observer.Command("discord", req.Command, "ok", time.Since(start))
			return sendable(a.resp), a.body, nil
		}
		r, followUp := b.inTime(ctx, i, func(ctx context.Context) *discordgo.InteractionResponse {
			resp, result := b.answer(ctx, req, k, cacheable)
			b.cfg.Observer.Command("discord", req.Command, result, time.Since(start))
			return resp
		})
		return r, nil, followUp
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocomplete(ctx, i), nil, nil
	case discordgo.InteractionMessageComponent:
		r, followUp := b.component(ctx, i, gateway)
		return r, nil, followUp
	case discordgo.InteractionModalSubmit:
		return b.formSubmitted(ctx, i), nil, nil
	}
	l := locale(i, b.cfg.DefaultLocale)
	return notice(tr(l, "careerbot does not handle this kind of interaction.", "この操作には対応していません。")), nil, nil
}

// inTime runs work and returns its response if it is ready within
// deferAfter; otherwise it returns a deferral (type 5, ephemeral) and a
// follow-up that delivers the response once work is done.
func (b *Bot) inTime(ctx context.Context, i *discordgo.Interaction, work func(context.Context) *discordgo.InteractionResponse) (*discordgo.InteractionResponse, func()) {
	done := make(chan *discordgo.InteractionResponse, 1)
	go func() { done <- work(ctx) }()
	t := time.NewTimer(b.deferAfter)
	defer t.Stop()
	select {
	case r := <-done:
		return r, nil
	case <-t.C:
	}
	b.log.Info("answer is slow; deferring the interaction", "interaction", i.ID)
	deferral := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
	return deferral, func() {
		select {
		case r := <-done:
			b.deliverLate(ctx, i, r)
		case <-ctx.Done():
		}
	}
}

// deliverLate sends a response after a deferral: an ephemeral one replaces
// the "thinking…" message; a public one cannot (the deferral was
// ephemeral), so the placeholder is deleted and the answer follows up.
func (b *Bot) deliverLate(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) {
	d := r.Data
	if d == nil {
		return
	}
	opt := discordgo.WithContext(ctx)
	if d.Flags&discordgo.MessageFlagsEphemeral != 0 {
		content, embeds, comps := d.Content, d.Embeds, d.Components
		if comps == nil {
			comps = []discordgo.MessageComponent{}
		}
		if _, err := b.api.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions(), Files: freshFiles(d.Files), Attachments: d.Attachments}, opt); err != nil {
			b.log.Error("could not deliver a deferred answer", "interaction", i.ID, "err", err)
		}
		return
	}
	if err := b.api.InteractionResponseDelete(i, opt); err != nil {
		b.log.Warn("could not remove the deferral placeholder", "interaction", i.ID, "err", err)
	}
	var atts []*discordgo.MessageAttachment
	if d.Attachments != nil {
		atts = *d.Attachments
	}
	if _, err := b.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: d.Content, Embeds: d.Embeds, Components: d.Components, AllowedMentions: noMentions(), Files: freshFiles(d.Files), Attachments: atts}, opt); err != nil {
		b.log.Error("could not deliver a deferred answer", "interaction", i.ID, "err", err)
	}
}

func (b *Bot) autocomplete(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	data := i.ApplicationCommandData()
	l := locale(i, b.cfg.DefaultLocale)
	resp := &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
	}
	opt, ok := focused(data.Options)
	if !ok {
		return resp
	}
	// Autocomplete cannot be deferred: an answer that is late is no answer.
	done := make(chan []handlers.Choice, 1)
	go func() {
		done <- b.engine.Complete(ctx, strings.ToLower(data.Name), opt.Name, valueString(opt.Value), l)
	}()
	t := time.NewTimer(b.deferAfter)
	defer t.Stop()
	var choices []handlers.Choice
	select {
	case choices = <-done:
	case <-t.C:
		b.log.Warn("autocomplete was too slow; answering with no choices", "command", data.Name, "option", opt.Name)
	}
	resp.Data.Choices = autocompleteChoices(choices, l)
	return resp
}

// autocompleteChoices keeps at most 25 choices with names of at most 100
// characters and values that Discord accepts (1–100 characters).
func autocompleteChoices(in []handlers.Choice, l knowledge.Locale) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, c := range in {
		if len(out) == maxChoices {
			break
		}
		v := strings.TrimSpace(c.Value)
		if v == "" || ulen(v) > maxChoiceValue {
			continue
		}
		name := truncate(oneLine(c.Name.In(l)), maxChoiceName)
		if name == "" {
			name = truncate(v, maxChoiceName)
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: v})
	}
	return out
}

// component answers a Share button. Over the gateway the answer is posted
// to the channel as a bot message and the click is acknowledged privately;
// on the HTTP endpoint (and if posting fails) the public answer is the
// interaction response itself, which needs no token and no channel
// permission.
func (b *Bot) component(ctx context.Context, i *discordgo.Interaction, gateway bool) (*discordgo.InteractionResponse, func()) {
	data := i.MessageComponentData()
	req := toRequest(i, b.cfg.DefaultLocale, b.specs)
	if isVote(data.CustomID) {
		return b.vote(ctx, data.CustomID, req), nil
	}
	for _, prefix := range []string{morePrefix, tryPrefix} {
		if strings.HasPrefix(data.CustomID, prefix) {
			return b.pressed(ctx, i, req, prefix, data.CustomID)
		}
	}
	if !strings.HasPrefix(data.CustomID, sharePrefix) {
		return notice(tr(req.Locale, "This button is not careerbot's.", "このボタンには対応していません。")), nil
	}
	value, ok := b.shares.lookup(data.CustomID, b.now())
	if !ok {
		return notice(tr(req.Locale, "This button has expired. Run the command again to share its answer.", "このボタンは期限切れです。もう一度コマンドを実行してから共有してください。")), nil
	}
	return b.inTime(ctx, i, func(ctx context.Context) *discordgo.InteractionResponse {
		rep := b.engine.Share(ctx, req, value)
		// Whoever presses More on the shared answer gets it whole, privately.
		msg := render(rep, renderOpts{locale: req.Locale, moreID: b.moreID, tryID: b.tryID})
		if !rep.OK() {
			msg.Ephemeral = true
			return messageResponse(msg)
		}
		msg.Ephemeral = false
		// app_permissions says what the bot may do in this channel; when it
		// may not post with embeds, answer the click instead of trying.
		const post = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks
		canPost := i.AppPermissions == 0 || i.AppPermissions&post == post
		if gateway && canPost && b.cfg.Token != "" && i.ChannelID != "" {
			fs, _ := files(msg.Files)
			_, err := b.api.ChannelMessageSendComplex(i.ChannelID, &discordgo.MessageSend{
				Content: msg.Content, Embeds: msg.Embeds, Components: msg.Components, AllowedMentions: noMentions(), Files: fs,
			}, discordgo.WithContext(ctx))
			if err == nil {
				return notice(tr(req.Locale, "Shared in this channel.", "このチャンネルに共有しました。"))
			}
			b.log.Warn("could not post the shared answer; answering the click publicly instead", "channel", i.ChannelID, "err", err)
		}
		return messageResponse(msg)
	})
}

// messageResponse is a type 4 response carrying m.
func messageResponse(m message) *discordgo.InteractionResponse {
	d := &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
	}
	d.Files, d.Attachments = files(m.Files)
	if m.Ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d}
}

// notice is a short private text answer.
func notice(text string) *discordgo.InteractionResponse {
	return messageResponse(message{Content: truncate(markdown(text), limitContent), Ephemeral: true})
}

// shareID returns the custom_id of a share button for value.
func (b *Bot) shareID(value string) string {
	return b.shares.id(value, b.now())
}

// moreID and tryID return the custom_ids of a More and a suggestion
// button for value (handlers.ActionValue).
func (b *Bot) moreID(value string) string { return b.shares.idFor(morePrefix, value, b.now()) }
func (b *Bot) tryID(value string) string  { return b.shares.idFor(tryPrefix, value, b.now()) }

// answerOpts are the render options of an answer to a person: with the
// Share, More and suggestion buttons, all answered here.
func (b *Bot) answerOpts(l knowledge.Locale) renderOpts {
	return renderOpts{shareID: b.shareID, moreID: b.moreID, tryID: b.tryID, voteID: b.voteID, locale: l}
}

// pressed answers a More button (the whole answer) or a suggestion (the
// suggested command's answer) privately to whoever pressed it, as them.
func (b *Bot) pressed(ctx context.Context, i *discordgo.Interaction, base handlers.Request, prefix, customID string) (*discordgo.InteractionResponse, func()) {
	value, ok := b.shares.lookupFor(prefix, customID, b.now())
	if !ok {
		return notice(tr(base.Locale, "This button has expired (its question was too long to keep in the button). Run the command again.",
			"このボタンは期限切れです (質問が長く、ボタンに収まらなかったため)。もう一度コマンドを実行してください。")), nil
	}
	req, ok := handlers.ActionRequest(base, value, prefix == morePrefix)
	if !ok {
		return notice(tr(base.Locale, "This button carries no command careerbot can run. Type the command instead.",
			"このボタンからは実行できるコマンドが読み取れません。コマンドを直接入力してください。")), nil
	}
	return b.inTime(ctx, i, func(ctx context.Context) *discordgo.InteractionResponse {
		rep := b.engine.Handle(ctx, req)
		msg := render(rep, b.answerOpts(req.Locale))
		msg.Ephemeral = true
		return messageResponse(msg)
	})
}

// shareStore remembers share values too long for a custom_id. It is
// bounded (oldest entries go first) and entries expire, so a button on an
// old private answer may say it has expired; short values (nearly all:
// "salary go") never touch it and survive restarts.
type shareStore struct {
	mu  sync.Mutex
	ttl time.Duration
	max int
	m   map[string]shareEntry
}

type shareEntry struct {
	value   string
	expires time.Time
}

func newShareStore(ttl time.Duration, capacity int) *shareStore {
	return &shareStore{ttl: ttl, max: capacity, m: map[string]shareEntry{}}
}

func (s *shareStore) id(value string, now time.Time) string {
	return s.idFor(sharePrefix, value, now)
}

// idFor is the custom_id of a button of kind prefix (sharePrefix,
// morePrefix, tryPrefix) for value: the value inline when it fits,
// otherwise a key into the store.
func (s *shareStore) idFor(prefix, value string, now time.Time) string {
	if id := prefix + "v:" + value; ulen(id) <= limitCustomID {
		return id
	}
	sum := sha256.Sum256([]byte(value))
	key := hex.EncodeToString(sum[:16])
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= s.max {
		if _, ok := s.m[key]; !ok {
			s.evict(now)
		}
	}
	s.m[key] = shareEntry{value: value, expires: now.Add(s.ttl)}
	return prefix + "k:" + key
}

// evict drops expired entries, then the one closest to expiry if still full.
func (s *shareStore) evict(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for k, e := range s.m {
		if !now.Before(e.expires) {
			delete(s.m, k)
			continue
		}
		if oldest == "" || e.expires.Before(oldestAt) {
			oldest, oldestAt = k, e.expires
		}
	}
	if len(s.m) >= s.max && oldest != "" {
		delete(s.m, oldest)
	}
}

func (s *shareStore) lookup(customID string, now time.Time) (string, bool) {
	return s.lookupFor(sharePrefix, customID, now)
}

// lookupFor is the value behind a custom_id of kind prefix.
func (s *shareStore) lookupFor(prefix, customID string, now time.Time) (string, bool) {
	if v, ok := strings.CutPrefix(customID, prefix+"v:"); ok {
		return v, v != ""
	}
	key, ok := strings.CutPrefix(customID, prefix+"k:")
	if !ok {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok || !now.Before(e.expires) {
		delete(s.m, key)
		return "", false
	}
	return e.value, true
}
