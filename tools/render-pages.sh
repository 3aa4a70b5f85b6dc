#!/bin/sh
# render-pages.sh - render an ODF document (.odt, .fodt, .ods, ...) to PDF
# and to one PNG per page, to look at a template or a generated document.
#
# usage: tools/render-pages.sh [-r DPI] [-f FIRST] [-l LAST] FILE OUTDIR
#
#   OUTDIR/NAME.pdf         the PDF, as LibreOffice exports it
#   OUTDIR/NAME-N.png       page N (pdftoppm numbering: -1, -2 ... or -01 ...)
#
# Uses headless LibreOffice (soffice) with a throw-away user profile, so it
# runs next to an open LibreOffice and next to other renders, and pdftoppm
# (poppler-utils). DPI defaults to 100 (a full A4 page is then 827 x 1170).
# Environment: SOFFICE (default soffice), RENDER_PROFILE (a profile dir to
# reuse instead of a fresh one: faster, but not for parallel runs).
#
# Exit status: 0 on success, 1 when the conversion failed, 2 on usage errors.
set -eu

prog=$(basename "$0")
usage() {
	echo "usage: $prog [-r DPI] [-f FIRST] [-l LAST] FILE OUTDIR" >&2
	exit 2
}

dpi=100
first=
last=
while getopts r:f:l:h opt; do
	case $opt in
	r) dpi=$OPTARG ;;
	f) first=$OPTARG ;;
	l) last=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || usage
in=$1
out=$2
[ -f "$in" ] || { echo "$prog: $in: no such file" >&2; exit 2; }

soffice=${SOFFICE:-soffice}
command -v "$soffice" >/dev/null 2>&1 || { echo "$prog: $soffice not found (install libreoffice-writer)" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "$prog: pdftoppm not found (install poppler-utils)" >&2; exit 1; }

mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/render-pages.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "${RENDER_PROFILE:-}" ]; then
	profile=$RENDER_PROFILE
else
	profile=$work/profile
fi
case $profile in /*) ;; *) profile=$(pwd)/$profile ;; esac

name=$(basename "$in")
name=${name%.*}

# soffice exits 0 even when it could not convert: check for the PDF.
"$soffice" --headless --norestore --nologo --nodefault \
	"-env:UserInstallation=file://$profile" \
	--convert-to pdf --outdir "$work" "$in" >"$work/log" 2>&1 || true
if [ ! -s "$work/$name.pdf" ]; then
	echo "$prog: $in: conversion to PDF failed" >&2
	cat "$work/log" >&2
	exit 1
fi

cp "$work/$name.pdf" "$out/$name.pdf"
rm -f "$out/$name"-*.png
set -- -png -r "$dpi"
[ -n "$first" ] && set -- "$@" -f "$first"
[ -n "$last" ] && set -- "$@" -l "$last"
pdftoppm "$@" "$out/$name.pdf" "$out/$name" || { echo "$prog: pdftoppm failed" >&2; exit 1; }

ls "$out/$name"-*.png
