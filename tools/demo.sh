#!/bin/sh
# demo.sh - the year's work on the bundled example, Cụm thi đua số XII (Hà
# Nội, 2018), into out/demo: the agreement (.odt + .pdf), a scoring sheet per
# unit, a sample of sheets filled in LibreOffice as the units would (some
# returned as .xlsx), and the tally of them (summary .ods, report .odt + .pdf).
# The Cần Thơ example's agreement too.
set -eu
THIDUA=${1:-build/thidua}
out=out/demo
data=examples/cum-xii-ha-noi-2018.fods
rm -rf "$out"
mkdir -p "$out/giao-uoc" "$out/giao-uoc-can-tho" "$out/bang-cham" "$out/bang-da-cham" "$out/ket-qua"
"$THIDUA" generate "$data" -o "$out/giao-uoc"
"$THIDUA" generate examples/khoi-dang-can-tho-2018.fods -o "$out/giao-uoc-can-tho"
"$THIDUA" sheets "$data" -o "$out/bang-cham"
/usr/bin/python3 tools/demo-fill.py "$out/bang-cham" "$out/bang-da-cham"
"$THIDUA" tally "$data" "$out/bang-da-cham" -o "$out/ket-qua"
profile=$(mktemp -d)
for f in "$out"/giao-uoc*/*.odt "$out"/ket-qua/*.odt; do
  soffice --headless --norestore -env:UserInstallation=file://"$profile" \
    --convert-to pdf --outdir "$(dirname "$f")" "$f" >/dev/null 2>&1 || {
    echo "demo: LibreOffice could not convert $f to PDF" >&2; rm -rf "$profile"; exit 1; }
done
rm -rf "$profile"
echo
echo "Kết quả / results in $out:"
find "$out" -type f | sort
