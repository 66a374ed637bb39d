package main

import (
	"bufio"
	"cmp"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Most of careerbot's RSS above 2026-11-24's is pages of its executable,
// not heap. -resident says whose: it reads which pages of the executable's
// mappings are present (/proc/PID/pagemap, bit 63; no privilege needed)
// and shares each page among the ELF symbols on it, by bytes, grouped by
// Go module. A page with no sized symbol on it counts for its section
// (most of .gopclntab, the runtime's function tables, is such).

// share is a number of resident bytes attributed to one name.
type share struct {
	name  string
	bytes float64
}

// residency is the resident part of an executable's mappings.
type residency struct {
	total    int64
	sections []share
	modules  []share
}

type symbol struct {
	addr, size uint64
	module     string
}

// resident measures process pid's resident pages of the executable exe.
func resident(pid int, exe string) (residency, error) {
	f, err := elf.Open(exe)
	if err != nil {
		return residency{}, err
	}
	defer f.Close()
	if f.Type != elf.ET_EXEC {
		return residency{}, fmt.Errorf("%s is not a fixed-address executable (ELF type %v): its symbols' addresses are not where it is mapped", exe, f.Type)
	}
	elfSyms, err := f.Symbols()
	if err != nil {
		return residency{}, fmt.Errorf("%s has no symbol table (built with -s?): %w", exe, err)
	}
	var syms []symbol
	for _, s := range elfSyms {
		if s.Size > 0 && s.Value > 0 {
			syms = append(syms, symbol{s.Value, s.Size, moduleOf(s.Name)})
		}
	}
	slices.SortFunc(syms, func(a, b symbol) int { return cmp.Compare(a.addr, b.addr) })

	maps, err := exeMappings(pid, exe)
	if err != nil {
		return residency{}, err
	}
	pm, err := os.Open(fmt.Sprintf("/proc/%d/pagemap", pid))
	if err != nil {
		return residency{}, err
	}
	defer pm.Close()
	page := uint64(os.Getpagesize())
	bySection, byModule := map[string]float64{}, map[string]float64{}
	var r residency
	for _, m := range maps {
		entries := make([]byte, (m.end-m.start)/page*8)
		if _, err := pm.ReadAt(entries, int64(m.start/page*8)); err != nil && err != io.EOF {
			return residency{}, fmt.Errorf("reading pagemap: %w", err)
		}
		for i := uint64(0); i < uint64(len(entries))/8; i++ {
			if binary.LittleEndian.Uint64(entries[i*8:])>>63 == 0 {
				continue
			}
			va := m.start + i*page
			r.total += int64(page)
			sec := sectionOf(f, va)
			bySection[sec] += float64(page)
			shares := symbolsOn(syms, va, va+page)
			var sum uint64
			for _, n := range shares {
				sum += n
			}
			if sum == 0 {
				byModule["(no symbol: "+sec+")"] += float64(page)
				continue
			}
			for mod, n := range shares {
				byModule[mod] += float64(page) * float64(n) / float64(sum)
			}
		}
	}
	r.sections, r.modules = sorted(bySection), sorted(byModule)
	return r, nil
}

type mapping struct{ start, end uint64 }

// exeMappings lists pid's mappings of the file exe.
func exeMappings(pid int, exe string) ([]mapping, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	want, err := os.Stat(exe)
	if err != nil {
		return nil, err
	}
	var out []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 {
			continue
		}
		if st, err := os.Stat(fields[5]); err != nil || !os.SameFile(st, want) {
			continue
		}
		lo, hi, _ := strings.Cut(fields[0], "-")
		a, err1 := strconv.ParseUint(lo, 16, 64)
		b, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 == nil && err2 == nil && b > a {
			out = append(out, mapping{a, b})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("process %d maps nothing of %s", pid, exe)
	}
	return out, sc.Err()
}

func sectionOf(f *elf.File, va uint64) string {
	for _, s := range f.Sections {
		if s.Flags&elf.SHF_ALLOC != 0 && va >= s.Addr && va < s.Addr+s.Size {
			return s.Name
		}
	}
	return "(headers)"
}

// symbolsOn gives the bytes of [lo, hi) each module's symbols cover.
func symbolsOn(syms []symbol, lo, hi uint64) map[string]uint64 {
	out := map[string]uint64{}
	// Symbols do not overlap much; start from the last one before lo.
	i, _ := slices.BinarySearchFunc(syms, lo, func(s symbol, a uint64) int { return cmp.Compare(s.addr, a) })
	for i = max(i-1, 0); i < len(syms) && syms[i].addr < hi; i++ {
		s := syms[i]
		a, b := max(s.addr, lo), min(s.addr+s.size, hi)
		if b > a {
			out[s.module] += b - a
		}
	}
	return out
}

// moduleOf names the module of a Go symbol: "std" for the standard library
// (and the runtime's own tables), "careerbot", or a third-party module path
// such as "github.com/jackc/pgx".
func moduleOf(sym string) string {
	s := sym
	for _, p := range []string{"go:itab.", "go:info.", "type:.eq.", "type:", "go:"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimLeft(s, "*[]")
	for _, p := range []string{"struct {", "func(", "map[", "chan ", "interface {"} {
		if strings.HasPrefix(s, p) {
			return "(unnamed types)"
		}
	}
	if i := strings.IndexAny(s, "[(,"); i >= 0 {
		s = s[:i]
	}
	pkg := s
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		if j := strings.IndexByte(s[i:], '.'); j >= 0 {
			pkg = s[:i+j]
		}
	} else if j := strings.IndexByte(s, '.'); j >= 0 {
		pkg = s[:j]
	}
	elems := strings.Split(pkg, "/")
	switch {
	case elems[0] == "careerbot":
		return "careerbot"
	case !strings.Contains(elems[0], "."):
		return "std"
	case slices.Contains([]string{"github.com", "golang.org", "git.sr.ht", "gitlab.com"}, elems[0]) && len(elems) >= 3:
		return strings.Join(elems[:3], "/")
	case len(elems) >= 2:
		return strings.Join(elems[:2], "/")
	}
	return pkg
}

func sorted(m map[string]float64) []share {
	out := make([]share, 0, len(m))
	for k, v := range m {
		out = append(out, share{k, v})
	}
	slices.SortFunc(out, func(a, b share) int { return cmp.Or(cmp.Compare(b.bytes, a.bytes), strings.Compare(a.name, b.name)) })
	return out
}

// reportResidency prints the breakdown: sections, then the n largest
// modules.
func reportResidency(w io.Writer, target string, r residency, n int) {
	mib := func(b float64) string { return strconv.FormatFloat(b/(1<<20), 'f', 2, 64) }
	var secs []string
	for _, s := range r.sections {
		if s.bytes >= 1<<16 {
			secs = append(secs, s.name+" "+mib(s.bytes))
		}
	}
	fmt.Fprintf(w, "%s: executable pages resident after load: %s MiB (%s)\n", target, mib(float64(r.total)), strings.Join(secs, ", "))
	var mods []string
	for _, m := range r.modules[:min(n, len(r.modules))] {
		mods = append(mods, m.name+" "+mib(m.bytes))
	}
	fmt.Fprintf(w, "%s: by module (MiB): %s\n", target, strings.Join(mods, ", "))
}
