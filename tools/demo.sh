#!/bin/sh
# demo.sh - the main job on the bundled example: generate the agreement of
# Cụm thi đua số XII (Hà Nội, 2018) into out/demo and turn it into a PDF.
set -eu
THIDUA=${1:-build/thidua}
out=out/demo
mkdir -p "$out"
for data in examples/cum-xii-ha-noi-2018.fods examples/khoi-dang-can-tho-2018.fods; do
  name=$(basename "$data" .fods)
  mkdir -p "$out/$name"
  "$THIDUA" generate "$data" -o "$out/$name" --force
done
if command -v soffice >/dev/null 2>&1; then
  profile=$(mktemp -d)
  for f in "$out"/*/*.odt; do
    soffice --headless --norestore -env:UserInstallation=file://"$profile" \
      --convert-to pdf --outdir "$(dirname "$f")" "$f" >/dev/null 2>&1 || {
      echo "demo: LibreOffice could not convert $f to PDF" >&2; rm -rf "$profile"; exit 1; }
  done
  rm -rf "$profile"
fi
echo
echo "Kết quả / results:"
ls -1 "$out"/*/*
