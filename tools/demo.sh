#!/bin/sh
# demo.sh - the year's work on the bundled example, Cụm thi đua số XII (Hà
# Nội, 2018), into out/demo: the agreement (.odt + .pdf), a scoring sheet per
# unit, a sample of sheets filled in LibreOffice as the units would (some
# returned as .xlsx), and the tally of them (summary .ods, report .odt + .pdf).
# The Cần Thơ example's agreement too, and the council-style example
# (examples/cum-so-nganh-tinh-2024.fods: decimal codes, rules inside a
# criterion, targets, a scoring body, bands, a percentage quota, two groups):
# its agreement, its scoring sheets (the body's too), the sheets filled per
# Cách chấm (every other one returned as .xlsx) and their tally.
set -eu
THIDUA=${1:-build/thidua}
out=out/demo
data=examples/cum-xii-ha-noi-2018.fods
rm -rf "$out"
council=examples/cum-so-nganh-tinh-2024.fods
mkdir -p "$out/giao-uoc" "$out/giao-uoc-can-tho" "$out/bang-cham" "$out/bang-da-cham" "$out/ket-qua" \
  "$out/giao-uoc-cum-so-nganh" "$out/bang-cham-cum-so-nganh" "$out/bang-da-cham-cum-so-nganh" \
  "$out/ket-qua-cum-so-nganh"
"$THIDUA" generate "$data" -o "$out/giao-uoc"
"$THIDUA" generate examples/khoi-dang-can-tho-2018.fods -o "$out/giao-uoc-can-tho"
"$THIDUA" generate "$council" -o "$out/giao-uoc-cum-so-nganh"
"$THIDUA" sheets "$data" -o "$out/bang-cham"
"$THIDUA" sheets "$council" -o "$out/bang-cham-cum-so-nganh"
/usr/bin/python3 tools/demo-fill.py "$out/bang-cham" "$out/bang-da-cham"
"$THIDUA" tally "$data" "$out/bang-da-cham" -o "$out/ket-qua"
/usr/bin/python3 tools/demo-fill.py --council "$out/bang-cham-cum-so-nganh" "$out/bang-da-cham-cum-so-nganh"
"$THIDUA" tally "$council" "$out/bang-da-cham-cum-so-nganh" -o "$out/ket-qua-cum-so-nganh"
profile=$(mktemp -d)
for f in "$out"/giao-uoc*/*.odt "$out"/ket-qua*/*.odt; do
  soffice --headless --norestore -env:UserInstallation=file://"$profile" \
    --convert-to pdf --outdir "$(dirname "$f")" "$f" >/dev/null 2>&1 || {
    echo "demo: LibreOffice could not convert $f to PDF" >&2; rm -rf "$profile"; exit 1; }
done
rm -rf "$profile"
echo
echo "Kết quả / results in $out:"
find "$out" -type f | sort
