package discordbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
)

// validName is Discord's rule for command and option names,
// ^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$, checked rune by rune:
// compiled as a regexp, those Unicode classes held 1.2 MB of memory for
// the life of the process.
func validName(name string) bool {
	n := 0
	for _, r := range name {
		n++
		switch {
		case r == '-', r == '_', r == '\'':
		case unicode.IsLetter(r), unicode.IsNumber(r), unicode.In(r, unicode.Devanagari, unicode.Thai):
		default:
			return false
		}
	}
	return n >= 1 && n <= 32 && utf8.ValidString(name)
}

// jaNames are the Japanese command, subcommand and option names Discord
// shows to clients in Japanese. A test checks that every name in
// handlers.Commands() has one; an unknown name falls back to the English.
var jaNames = map[string]string{
	"salary":     "年収",
	"compare":    "比較",
	"path":       "キャリアパス",
	"skills":     "スキル",
	"kpi":        "kpi",
	"market":     "市場動向",
	"jobs":       "案件",
	"ask":        "質問",
	"digest":     "ダイジェスト",
	"careerhelp": "ヘルプ",
	// options and subcommands
	"topic":       "トピック",
	"a":           "1つ目",
	"b":           "2つ目",
	"c":           "3つ目",
	"d":           "4つ目",
	"e":           "5つ目",
	"keyword":     "キーワード",
	"question":    "質問文",
	"subscribe":   "購読",
	"unsubscribe": "購読解除",
	"status":      "状況",
	"preview":     "プレビュー",
	"weekday":     "曜日",
	"time":        "時刻",
	"timezone":    "タイムゾーン",
}

// Discord's limits for command definitions.
const (
	maxDescription = 100
	maxChoices     = 25
	maxOptions     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
)

// permManageGuild is Discord's MANAGE_GUILD ("Manage Server") bit.
const permManageGuild int64 = discordgo.PermissionManageGuild

// buildCommands turns the engine's command specs into Discord definitions:
// one chat command per spec, subcommands as type-1 options, fixed sets as
// choices and open topic sets with autocomplete.
func buildCommands(specs []handlers.CommandSpec) ([]*discordgo.ApplicationCommand, error) {
	out := make([]*discordgo.ApplicationCommand, 0, len(specs))
	for _, spec := range specs {
		if err := checkName(spec.Name); err != nil {
			return nil, err
		}
		ja := jaName(spec.Name)
		enDesc, jaDesc := descriptions(spec.Description.EN, spec.Description.JA, spec.Name)
		cmd := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     spec.Name,
			NameLocalizations:        &map[discordgo.Locale]string{discordgo.Japanese: ja},
			Description:              enDesc,
			DescriptionLocalizations: &map[discordgo.Locale]string{discordgo.Japanese: jaDesc},
			Options:                  []*discordgo.ApplicationCommandOption{},
		}
		admin := spec.AdminOnly
		for _, sub := range spec.Subcommands {
			admin = admin || sub.AdminOnly
			o, err := buildSubcommand(sub)
			if err != nil {
				return nil, fmt.Errorf("/%s: %w", spec.Name, err)
			}
			cmd.Options = append(cmd.Options, o)
		}
		for _, opt := range spec.Options {
			o, err := buildOption(opt)
			if err != nil {
				return nil, fmt.Errorf("/%s: %w", spec.Name, err)
			}
			cmd.Options = append(cmd.Options, o)
		}
		if len(cmd.Options) > maxOptions {
			return nil, fmt.Errorf("/%s has %d options; Discord allows %d", spec.Name, len(cmd.Options), maxOptions)
		}
		if admin {
			// Discord hides the command from members without Manage Server
			// by default; the server checks again (Request.IsAdmin) because
			// server admins can change who sees it.
			p := permManageGuild
			cmd.DefaultMemberPermissions = &p
		}
		out = append(out, cmd)
	}
	return out, nil
}

func buildSubcommand(sub handlers.CommandSpec) (*discordgo.ApplicationCommandOption, error) {
	if err := checkName(sub.Name); err != nil {
		return nil, err
	}
	enDesc, jaDesc := descriptions(sub.Description.EN, sub.Description.JA, sub.Name)
	o := &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionSubCommand,
		Name:                     sub.Name,
		NameLocalizations:        map[discordgo.Locale]string{discordgo.Japanese: jaName(sub.Name)},
		Description:              enDesc,
		DescriptionLocalizations: map[discordgo.Locale]string{discordgo.Japanese: jaDesc},
	}
	for _, opt := range sub.Options {
		so, err := buildOption(opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sub.Name, err)
		}
		o.Options = append(o.Options, so)
	}
	return o, nil
}

func buildOption(opt handlers.OptionSpec) (*discordgo.ApplicationCommandOption, error) {
	if err := checkName(opt.Name); err != nil {
		return nil, err
	}
	if len(opt.Choices) > 0 && opt.Autocomplete {
		return nil, fmt.Errorf("option %s has both choices and autocomplete; Discord allows one", opt.Name)
	}
	if len(opt.Choices) > maxChoices {
		return nil, fmt.Errorf("option %s has %d choices; Discord allows %d", opt.Name, len(opt.Choices), maxChoices)
	}
	enDesc, jaDesc := descriptions(opt.Description.EN, opt.Description.JA, opt.Name)
	o := &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     opt.Name,
		NameLocalizations:        map[discordgo.Locale]string{discordgo.Japanese: jaName(opt.Name)},
		Description:              enDesc,
		DescriptionLocalizations: map[discordgo.Locale]string{discordgo.Japanese: jaDesc},
		Required:                 opt.Required,
		Autocomplete:             opt.Autocomplete,
		// The engine cuts arguments at MaxArgRunes; saying so here lets the
		// client stop the user instead.
		MaxLength: handlers.MaxArgRunes,
	}
	if opt.Autocomplete {
		o.MaxLength = maxChoiceValue
	}
	for _, c := range opt.Choices {
		en := truncate(oneLine(c.Name.In("en")), maxChoiceName)
		ja := truncate(oneLine(c.Name.In("ja")), maxChoiceName)
		if en == "" || c.Value == "" || ulen(c.Value) > maxChoiceValue {
			return nil, fmt.Errorf("option %s: choice %q must have a name and a value of 1–%d characters", opt.Name, c.Value, maxChoiceValue)
		}
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{
			Name:              en,
			NameLocalizations: map[discordgo.Locale]string{discordgo.Japanese: ja},
			Value:             c.Value,
		})
	}
	return o, nil
}

func checkName(name string) error {
	if !validName(name) || strings.ToLower(name) != name {
		return fmt.Errorf("name %q breaks Discord's rule (lower case, 1–32 letters, digits, - _ ')", name)
	}
	return nil
}

func jaName(name string) string {
	if ja, ok := jaNames[name]; ok {
		return ja
	}
	return name
}

// descriptions returns the English and Japanese descriptions, each 1–100
// characters; an empty one falls back to the other language, then the name.
func descriptions(en, ja, name string) (string, string) {
	en, ja = oneLine(en), oneLine(ja)
	if en == "" {
		en = ja
	}
	if ja == "" {
		ja = en
	}
	if en == "" {
		en, ja = name, name
	}
	return truncate(en, maxDescription), truncate(ja, maxDescription)
}

// definitionsJSON returns the exact JSON array that Sync sends to Discord's
// bulk overwrite; the package function CommandsJSON gives the same bytes
// without a Bot.
func (b *Bot) definitionsJSON() ([]byte, error) {
	// discordgo marshals the same slice with encoding/json, so these are
	// the bytes on the wire.
	return json.Marshal(b.cmds)
}

// stateKey names the stored hash of the last synced definitions.
func (b *Bot) stateKey() string {
	guild := b.cfg.GuildID
	if guild == "" {
		guild = "global"
	}
	return "discord.commands." + b.cfg.AppID + "." + guild
}

// Sync registers the command definitions with one bulk overwrite, globally
// or to GuildID, but only when they differ from the last synced ones, so
// that restarts do not spend Discord's daily command-create budget.
// Commands are never deleted on exit.
func (b *Bot) Sync(ctx context.Context) error {
	if err := b.needToken("registering commands"); err != nil {
		return err
	}
	if b.cfg.AppID == "" {
		return fmt.Errorf("discord: registering commands needs DISCORD_APP_ID")
	}
	body, err := b.definitionsJSON()
	if err != nil {
		return fmt.Errorf("discord: encoding commands: %w", err)
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	key := b.stateKey()
	// Replicas on one database register the commands once: the first
	// holds the lock while it registers and saves the hash; the others
	// then find the hash saved and skip.
	if l, ok := b.state.(syncLocker); ok {
		return l.WithLock(ctx, "discord.commands", func(ctx context.Context) error { return b.register(ctx, key, hash) })
	}
	return b.register(ctx, key, hash)
}

// syncLocker is a StateStore that replicas share (store/postgres, with an
// advisory lock): fn runs in one replica at a time.
type syncLocker interface {
	WithLock(ctx context.Context, name string, fn func(ctx context.Context) error) error
}

// register overwrites the commands unless the stored hash says they are
// registered already, then stores the hash.
func (b *Bot) register(ctx context.Context, key, hash string) error {
	if b.state != nil {
		old, ok, err := b.state.GetState(ctx, key)
		if err != nil {
			return fmt.Errorf("discord: reading the synced commands hash: %w", err)
		}
		if ok && old == hash {
			b.log.Info("slash commands unchanged; not re-registering", "guild", b.cfg.GuildID, "commands", len(b.cmds))
			return nil
		}
	}
	if _, err := b.api.ApplicationCommandBulkOverwrite(b.cfg.AppID, b.cfg.GuildID, b.cmds, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: registering %d slash commands: %w", len(b.cmds), err)
	}
	scope := "globally (may take up to an hour to appear)"
	if b.cfg.GuildID != "" {
		scope = "to guild " + b.cfg.GuildID
	}
	b.log.Info("slash commands registered "+scope, "commands", len(b.cmds))
	if b.state != nil {
		if err := b.state.SetState(ctx, key, hash); err != nil {
			return fmt.Errorf("discord: saving the synced commands hash: %w", err)
		}
	}
	return nil
}
