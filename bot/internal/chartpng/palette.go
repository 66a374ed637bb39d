package chartpng

import (
	"cmp"
	"encoding/binary"
	"image"
	"image/color"
	"slices"
)

// toPaletted writes src into dst as an indexed image and reports whether
// it did. A chart has a few hundred colours at most (white, the palette's
// and the anti-aliased edges between them): up to 256 are kept exactly
// (choose), and any other edge shade becomes the nearest kept colour.
// False for an image with transparency, which charts never have.
func toPaletted(dst *image.Paletted, src *image.RGBA) bool {
	b := src.Bounds()
	if dst.Bounds() != b {
		return false
	}
	// Count colours; most pixels repeat their left neighbour, so the map
	// is touched only where the colour changes. Keys are the pixel's four
	// bytes as one number; alpha is checked where the colour changes.
	counts := make(map[uint32]int, 1024)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := src.Pix[src.PixOffset(b.Min.X, y):src.PixOffset(b.Max.X, y)]
		last, run := binary.LittleEndian.Uint32(row), 0
		if last>>24 != 0xFF {
			return false
		}
		for i := 0; i < len(row); i += 4 {
			if k := binary.LittleEndian.Uint32(row[i:]); k != last {
				if k>>24 != 0xFF {
					return false
				}
				counts[last] += run
				last, run = k, 0
			}
			run++
		}
		counts[last] += run
	}
	keys := make([]uint32, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// Most used first; ties by colour, so the palette does not depend on
	// map order.
	slices.SortFunc(keys, func(a, b uint32) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	kept := choose(keys, 256)
	pal := make(color.Palette, len(kept))
	index := make(map[uint32]uint8, len(keys))
	for i, k := range kept {
		pal[i] = color.RGBA{uint8(k), uint8(k >> 8), uint8(k >> 16), 0xFF}
		index[k] = uint8(i)
	}
	for _, k := range keys {
		if _, ok := index[k]; !ok {
			index[k] = uint8(nearest(kept, k))
		}
	}
	dst.Palette = pal
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := src.Pix[src.PixOffset(b.Min.X, y):src.PixOffset(b.Max.X, y)]
		out := dst.Pix[dst.PixOffset(b.Min.X, y):dst.PixOffset(b.Max.X, y)]
		last := binary.LittleEndian.Uint32(row)
		li := index[last]
		for i := range out {
			if k := binary.LittleEndian.Uint32(row[4*i:]); k != last {
				last, li = k, index[k]
			}
			out[i] = li
		}
	}
	return true
}

// nearest is the index of the colour in pal closest to k (squared RGB
// distance; colours are pixels' bytes read little-endian: A<<24|B<<16|G<<8|R).
func nearest(pal []uint32, k uint32) int {
	best, bestD := 0, -1
	for i, c := range pal {
		if d := sqDist(c, k); bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// choose picks at most n of keys (most used first) for the palette: all
// when they fit; otherwise the most used quarter, then, one at a time,
// the colour farthest from those already kept, so that no shade is drawn
// far from its own colour.
func choose(keys []uint32, n int) []uint32 {
	if len(keys) <= n {
		return keys
	}
	kept := slices.Clone(keys[:n/4])
	rest := slices.Clone(keys[n/4:])
	dist := make([]int, len(rest))
	for i, k := range rest {
		dist[i] = sqDist(kept[nearest(kept, k)], k)
	}
	for len(kept) < n {
		far := 0
		for i := range rest {
			if dist[i] > dist[far] {
				far = i
			}
		}
		c := rest[far]
		kept = append(kept, c)
		for i, k := range rest {
			dist[i] = min(dist[i], sqDist(c, k))
		}
	}
	return kept
}

func sqDist(a, b uint32) int {
	dr := int(a>>16&0xFF) - int(b>>16&0xFF)
	dg := int(a>>8&0xFF) - int(b>>8&0xFF)
	db := int(a&0xFF) - int(b&0xFF)
	return dr*dr + dg*dg + db*db
}
