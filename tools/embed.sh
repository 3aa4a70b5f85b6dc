#!/bin/sh
# embed.sh - turn a file into a C source defining a NUL-terminated byte array
# and its length: embed.sh FILE SYMBOL > out.c
set -eu
file=$1; sym=$2
printf '/* Generated from %s by tools/embed.sh; do not edit. */\n#include <stddef.h>\n' "$file"
printf 'const unsigned char %s[] = {\n' "$sym"
od -An -v -tx1 "$file" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00 };\nconst size_t %s_len = sizeof %s - 1;\n' "$sym" "$sym"
