#!/bin/sh
# Makes mplus2-subset.otf, the font the chart images are drawn with, from
# M PLUS 2 Regular (SIL OFL 1.1, see OFL.txt) as Debian's fonts-mplus
# package installs it, keeping the glyphs careerbot's charts can need:
# ASCII, Latin-1, general punctuation, kana, CJK punctuation, full-width
# forms, and every other character of the curated data and the handlers'
# strings. Characters outside the subset are drawn as "?" (chartpng.Render).
# Run from the repository root after `apt-get install fonts-mplus python3-fonttools`.
set -eu
src=/usr/share/fonts/opentype/mplus/Mplus2-Regular.otf
out=bot/internal/chartpng/font/mplus2-subset.otf
cat knowledge/data/*.yaml handlers/*.go > /tmp/careerbot-chars.txt
/usr/bin/python3 -m fontTools.subset "$src" --output-file="$out" \
	--text-file=/tmp/careerbot-chars.txt \
	--unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-205E,U+2190-2193,U+2212,U+2460-2473,U+25A0-25FF,U+3000-303F,U+3041-3096,U+309B-309E,U+30A0-30FF,U+FF01-FF9F" \
	--layout-features='' --no-hinting --desubroutinize --name-IDs='*' --notdef-outline
ls -l "$out"
