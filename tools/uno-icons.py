#!/usr/bin/python3
"""uno-icons.py - draw the extension's icons (PNG, standard library only):
one per menu command at 16 and 26 pixels, and the 42-pixel extension icon.
Usage: uno-icons.py OUTDIR"""
import os
import struct
import sys
import zlib

RED = (200, 32, 38, 255)      # the flag's red
GOLD = (255, 205, 0, 255)     # the star's gold
WHITE = (255, 255, 255, 255)
INK = (60, 60, 60, 255)
CLEAR = (0, 0, 0, 0)


def png(path, pixels):
    h = len(pixels)
    w = len(pixels[0])
    raw = b"".join(b"\0" + b"".join(bytes(p) for p in row) for row in pixels)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xffffffff)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def canvas(n):
    return [[CLEAR] * n for _ in range(n)]


def rect(px, x0, y0, x1, y1, color):
    n = len(px)
    for y in range(max(0, int(y0)), min(n, int(y1))):
        for x in range(max(0, int(x0)), min(n, int(x1))):
            px[y][x] = color


def star(px, cx, cy, r, color):
    """A five-pointed star: a point is inside when it is inside the polygon."""
    import math
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.4
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    n = len(px)
    for y in range(n):
        for x in range(n):
            inside = False
            j = len(pts) - 1
            for i in range(len(pts)):
                xi, yi = pts[i]
                xj, yj = pts[j]
                if (yi > y + 0.5) != (yj > y + 0.5) and \
                        x + 0.5 < (xj - xi) * (y + 0.5 - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
            if inside:
                px[y][x] = color


def page(px, n, lines=True):
    m = n / 16.0
    rect(px, 3 * m, 1 * m, 13 * m, 15 * m, INK)
    rect(px, 4 * m, 2 * m, 12 * m, 14 * m, WHITE)
    if lines:
        for y in (5, 8, 11):
            rect(px, 5 * m, y * m, 11 * m, y * m + max(1, m), INK)


def icon(kind, n):
    px = canvas(n)
    m = n / 16.0
    if kind == "new":
        page(px, n, lines=False)
        rect(px, 7 * m, 4 * m, 9 * m, 12 * m, RED)
        rect(px, 4 * m, 7 * m, 12 * m, 9 * m, RED)
    elif kind == "agreement":
        page(px, n)
        star(px, 11.5 * m, 11.5 * m, 4 * m, RED)
    elif kind == "sheets":
        rect(px, 1 * m, 2 * m, 15 * m, 14 * m, INK)
        rect(px, 2 * m, 3 * m, 14 * m, 13 * m, WHITE)
        for y in (6, 9):
            rect(px, 2 * m, y * m, 14 * m, y * m + max(1, m), INK)
        for x in (6, 10):
            rect(px, x * m, 3 * m, x * m + max(1, m), 13 * m, INK)
        rect(px, 2 * m, 3 * m, 14 * m, 6 * m, RED)
    elif kind == "tally":
        rect(px, 2 * m, 9 * m, 5 * m, 15 * m, INK)
        rect(px, 6.5 * m, 3 * m, 9.5 * m, 15 * m, RED)
        rect(px, 11 * m, 6 * m, 14 * m, 15 * m, INK)
        star(px, 8 * m, 2.5 * m, 2.5 * m, GOLD)
    elif kind == "about":
        rect(px, 1 * m, 1 * m, 15 * m, 15 * m, RED)
        rect(px, 7 * m, 3 * m, 9 * m, 5 * m, WHITE)
        rect(px, 7 * m, 6.5 * m, 9 * m, 13 * m, WHITE)
    elif kind == "thidua":
        rect(px, 0, 0, n, n, RED)
        star(px, n / 2.0, n / 2.0 + m, 6.5 * m, GOLD)
    return px


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for kind in ("new", "agreement", "sheets", "tally", "about"):
        png(os.path.join(out, "%s-16.png" % kind), icon(kind, 16))
        png(os.path.join(out, "%s-26.png" % kind), icon(kind, 26))
    png(os.path.join(out, "thidua-42.png"), icon("thidua", 42))


if __name__ == "__main__":
    main()
