#!/bin/sh
# run.sh - thidua.exe under wine against the Linux command, and the
# component DLL's exports and imports (make check-windows).
#
# Usage: tests/windows/run.sh LINUX_THIDUA THIDUA_EXE THIDUA_UNO_DLL OBJDUMP \
#          "ALLOWED_DLL_IMPORTS" "EXPORTS"
#
# Each command runs in its own folder on the same relative paths, so that
# their outputs must be the same bytes: the --json report on standard output
# (no CRLF, the same paths), the files' names (Vietnamese ones included) and
# each output's content.xml. The inputs have Vietnamese names ("Cụm thi đua
# số XII.fods", "Bảng đã chấm/Đơn vị số 1.ods"); one run gives thidua.exe
# absolute Windows paths (drive letter, backslashes). The tally reads the
# integration tests' filled sheets (tests/windows/fill.py, LibreOffice), as a
# folder: a Windows build that took every file of it for the same one (no
# st_ino on mingw) would rank differently. Prints "N passed, N failed".
set -u
lin=$1 exe=$2 dll=$3 objdump=$4 allowed=$5 exports=$6
root=$(cd "$(dirname "$0")/../.." && pwd)
export WINEDEBUG=-all LC_ALL=C.UTF-8
work=$(mktemp -d "${TMPDIR:-/tmp}/thidua-windows.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok: %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*"; }

# run NAME ARGS...: the Linux command in $work/lin, thidua.exe in $work/win,
# from the same relative paths; compares exit codes, standard output,
# the files written and their content.xml
same() {
  name=$1; shift
  (cd "$work/lin" && "$lin" "$@" >"../$name.lin.out" 2>"../$name.lin.err"); rl=$?
  (cd "$work/win" && wine "$exe" "$@" >"../$name.win.out" 2>"../$name.win.err"); rw=$?
  if [ $rl -ne $rw ]; then
    bad "$name: exit $rw under wine, $rl on Linux: $(head -c 600 "$work/$name.win.err")"
    return
  fi
  if ! cmp -s "$work/$name.lin.out" "$work/$name.win.out"; then
    bad "$name: standard output differs"
    diff "$work/$name.lin.out" "$work/$name.win.out" | head -n 20
    return
  fi
  compare_tree "$name" "$work/lin" "$work/win"
}

# The hashes of the head's password, drawn at random on each run (the
# password of mat-khau-tham-dinh-<year>.txt, the .xlsx salt), left out of
# the comparison
unkeyed() {
  sed -e 's/table:protection-key="[^"]*"/table:protection-key=""/g' \
      -e 's/hashValue="[^"]*" saltValue="[^"]*"/hashValue="" saltValue=""/g'
}

# compare_tree NAME A B: the same file names under A and B, and the same
# content.xml in each ODF package
compare_tree() {
  (cd "$2" && find . -type f | LC_ALL=C sort) >"$work/$1.lin.files"
  (cd "$3" && find . -type f | LC_ALL=C sort) >"$work/$1.win.files"
  if ! cmp -s "$work/$1.lin.files" "$work/$1.win.files"; then
    bad "$1: the files written differ"
    diff "$work/$1.lin.files" "$work/$1.win.files" | head -n 20
    return
  fi
  pkgs=0
  while IFS= read -r f; do
    case "$f" in
      *.odt|*.ods)
        unzip -p "$2/$f" content.xml 2>/dev/null | unkeyed >"$work/a.xml"
        unzip -p "$3/$f" content.xml 2>/dev/null | unkeyed >"$work/b.xml" ;;
      *.xlsx) # every part, in order (the zip's timestamps aside)
        unzip -p "$2/$f" 2>/dev/null | unkeyed >"$work/a.xml"
        unzip -p "$3/$f" 2>/dev/null | unkeyed >"$work/b.xml" ;;
      *) continue ;;
    esac
    if [ ! -s "$work/a.xml" ] || ! cmp -s "$work/a.xml" "$work/b.xml"; then
      bad "$1: $f: content differs"
      return
    fi
    pkgs=$((pkgs + 1))
  done <"$work/$1.lin.files"
  ok "$1: same output, $pkgs packages with the same content"
}

fresh() { rm -rf "$work/lin" "$work/win" && mkdir -p "$work/lin" "$work/win"; }

# ---- inputs under Vietnamese names ------------------------------------------
mkdir -p "$work/in"
i=0
for ex in "$root"/examples/*.fods "$root"/examples/*.xml; do
  i=$((i + 1))
  mkdir -p "$work/in/$i"
  cp "$ex" "$work/in/$i/Cụm thi đua số XII.${ex##*.}"
done

# ---- generate and sheets on every example ----------------------------------
i=0
for ex in "$root"/examples/*.fods "$root"/examples/*.xml; do
  i=$((i + 1))
  data="../in/$i/Cụm thi đua số XII.${ex##*.}"
  fresh
  same "generate $(basename "$ex")" generate "$data" -o "Giao ước" --json
  fresh
  same "sheets $(basename "$ex")" sheets "$data" -o "Bảng chấm điểm" --json
  fresh
  same "sheets --format xlsx $(basename "$ex")" sheets "$data" -o "Bảng chấm điểm" \
    --format xlsx --json
done

# ---- output sets: overwriting, a dead run's leftovers, a held folder --------
# (tests/unit/test_outset.c forks, so it stays on Linux)
data="../in/1/$(ls "$work/in/1")"
fresh
for d in lin win; do
  mkdir -p "$work/$d/Bảng" "$work/$d/Bảng/.thidua-set-dead01"
  printf 'x' >"$work/$d/Bảng/.thidua-set-dead01/bang-tu-cham-diem.ods" # no .commit: dropped
  printf 'x' >"$work/$d/Bảng/.thidua-Ab12Cd"                           # a dead temporary
done
(cd "$work/lin" && "$lin" sheets "$data" -o "Bảng" >/dev/null 2>&1)
(cd "$work/win" && wine "$exe" sheets "$data" -o "Bảng" >/dev/null 2>&1)
same "sheets --force over a previous set and a dead run's leftovers" \
  sheets "$data" -o "Bảng" --force --json
# a run stopped with its set staged holds the folder: another run waits,
# then stops; once the first is killed, the next run cleans its leftovers
(cd "$work/win" && THIDUA_STALL_AT=staged exec wine "$exe" sheets "$data" -o "Bảng" --force \
  >"$work/stall.out" 2>"$work/stall.err") &
stalled=$!
n=0
while ! grep -q "stalled at staged" "$work/stall.err" 2>/dev/null && [ $n -lt 600 ]; do
  sleep 0.1; n=$((n + 1))
done
(cd "$work/win" && THIDUA_LOCK_WAIT=1 wine "$exe" sheets "$data" -o "Bảng" --force \
  >"$work/held.out" 2>"$work/held.err"); rh=$?
kill -KILL $stalled 2>/dev/null; wait $stalled 2>/dev/null
if [ $rh -ne 0 ] && grep -q "is being written by another run" "$work/held.err"; then
  ok "a held folder is waited for, then refused, under wine"
else
  bad "a held folder under wine: exit $rh: $(head -c 600 "$work/held.err")"
fi
(cd "$work/win" && wine "$exe" sheets "$data" -o "Bảng" --force >"$work/after.out" 2>&1); ra=$?
left=$(ls -A "$work/win/Bảng" | grep '^\.thidua' | tr '\n' ' ')
if [ $ra -eq 0 ] && [ -z "$left" ] && (cd "$work/win" && find . -type f | LC_ALL=C sort) |
     cmp -s - "$work/sheets --force over a previous set and a dead run's leftovers.lin.files"; then
  ok "the killed run's leftovers cleaned by the next run under wine"
else
  bad "after a killed run under wine: exit $ra, left: $left $(head -c 600 "$work/after.out")"
fi

# ---- absolute Windows paths: drive letter, backslashes ----------------------
fresh
data=$work/in/1/$(ls "$work/in/1")
(cd "$work/lin" && "$lin" generate "$data" -o "$work/lin/Kết quả/năm 2018" >/dev/null 2>&1); rl=$?
wdata=$(winepath -w "$data" 2>/dev/null)
wout=$(winepath -w "$work/win" 2>/dev/null)'\Kết quả\năm 2018'
case "$wdata" in
  [A-Z]:\\*) ;;
  *) bad "winepath gave no Windows path for $data: $wdata" ;;
esac
(cd / && wine "$exe" generate "$wdata" -o "$wout" >"$work/abs.out" 2>&1); rw=$?
if [ $rl -eq 0 ] && [ $rw -eq 0 ]; then
  compare_tree "generate, absolute path $wdata" "$work/lin" "$work/win"
else
  bad "generate with absolute Windows paths: exit $rw under wine, $rl on Linux: $(head -c 600 "$work/abs.out")"
fi

# ---- tally: filled sheets, a folder of them ---------------------------------
if /usr/bin/python3 "$root/tests/windows/fill.py" "$work/in/tally" >"$work/fill.log" 2>&1; then
  nsheets=$(ls "$work/in/tally/Bảng đã chấm" | wc -l)
  fresh
  same "tally of $nsheets filled sheets" tally "../in/tally/Cụm thi đua số XII.xml" "../in/tally/Bảng đã chấm" \
    -o "Kết quả" --json
  if grep -q '"provisional": *false' "$work/tally of $nsheets filled sheets.win.out" &&
     grep -q '"rank": *10' "$work/tally of $nsheets filled sheets.win.out"; then
    ok "tally under wine: complete, ten units ranked"
  else
    bad "tally under wine: not a complete ranking of ten units"
  fi
else
  bad "filling the sheets in LibreOffice failed: $(tail -n 20 "$work/fill.log")"
fi

# ---- the component DLL ------------------------------------------------------
"$objdump" -p "$dll" >"$work/dll.txt" || bad "objdump -p $dll"
got=$(sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' "$work/dll.txt" | grep -v Ordinal |
      sed -n 's/^.*\] \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' | LC_ALL=C sort | tr '\n' ' ')
want=$(printf '%s\n' $exports | LC_ALL=C sort | tr '\n' ' ')
if [ "$got" = "$want" ]; then ok "DLL exports exactly: $got"; else bad "DLL exports '$got', want '$want'"; fi
imports=$(sed -n 's/^[[:space:]]*DLL Name: //p' "$work/dll.txt" | tr '\n' ' ')
extra=""
for d in $imports; do
  case " $allowed " in *" $d "*) ;; *) extra="$extra $d" ;; esac
done
have_lo=0
case " $imports " in *" sal3.dll "*) case " $imports " in *" cppu3.dll "*) have_lo=1 ;; esac ;; esac
if [ -z "$extra" ] && [ $have_lo = 1 ]; then ok "DLL imports: $imports"
else bad "DLL imports '$imports' (not allowed:$extra; sal3 and cppu3 present: $have_lo)"; fi
# thidua.exe: Windows' own DLLs only (libstdc++, libgcc, winpthread static)
eimports=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '\n' ' ')
eextra=""
for d in $eimports; do
  case " $allowed SHELL32.dll " in *" $d "*) ;; *) eextra="$eextra $d" ;; esac
done
if [ -z "$eextra" ]; then ok "thidua.exe imports: $eimports"; else bad "thidua.exe imports$eextra"; fi

echo "windows: $passed passed, $failed failed"
[ $failed -eq 0 ]
