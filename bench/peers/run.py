#!/usr/bin/python3
"""run.py - `make bench PEERS=1`: the same template and data through thidua,
Carbone (npm, installed into a scratch folder outside the sources) and
relatorio (Debian's python3-relatorio), in one run, each engine in a process
of its own; prints ms per document (median, template compiled once), the
10,000-row table, peak memory, and thidua/peer ratios.

The template: a heading, three fields, a 5-column table with a row per
unit, a totals row. It is written here three times, once in each engine's
syntax, into otherwise identical .odt packages; the data is the same
strings (bench/bench_peer.c makes thidua's copy the same way).

usage: run.py BENCH_PEER PEERS_DIR WORK_DIR
"""
import os
import subprocess
import sys
import zipfile

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"')
FIELDS = ['stt', 'ten', 'tu_cham', 'tham_dinh', 'cuoi_cung']
TOTALS = ['tong_tu_cham', 'tong_tham_dinh', 'tong_cuoi_cung']


def cell(text):
    return ('<table:table-cell office:value-type="string"><text:p>%s</text:p>'
            '</table:table-cell>' % text)


def row(cells):
    return '<table:table-row>%s</table:table-row>' % ''.join(cell(c) for c in cells)


def rel(expr):
    """A relatorio statement: a hyperlink to relatorio://expr."""
    from urllib.parse import quote
    shown = expr.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;')
    return ('<text:a xlink:type="simple" xlink:href="relatorio://%s">%s</text:a>'
            % (quote(expr, safe=''), shown))


def body(engine):
    """office:text of the template in one engine's syntax."""
    if engine == 'thidua':
        v = lambda k: '{{ %s }}' % k
        r = lambda k: '{{ r.%s }}' % k
        loop = [row(['{% for r in rows %}', '', '', '', '']),
                row([r(k) for k in FIELDS]),
                row(['{% endfor %}', '', '', '', ''])]
    elif engine == 'carbone':
        v = lambda k: '{d.%s}' % k
        loop = [row(['{d.rows[i].%s}' % k for k in FIELDS]),
                row(['{d.rows[i+1].%s}' % k for k in FIELDS])]
    else:
        v = lambda k: rel('o.%s' % k)
        loop = [row([rel('for each="r in o.rows"'), '', '', '', '']),
                row([rel('r.%s' % k) for k in FIELDS]),
                row([rel('/for'), '', '', '', ''])]
    head = row(['TT', 'Đơn vị', 'Tự chấm', 'Thẩm định', 'Cuối cùng'])
    total = row(['', 'Tổng cộng'] + [v(k) for k in TOTALS])
    return ('<text:h text:outline-level="1">%s</text:h>'
            '<text:p>Tên: %s</text:p><text:p>Năm: %s</text:p><text:p>Địa danh: %s</text:p>'
            '<table:table table:name="KetQua">'
            '<table:table-column table:number-columns-repeated="5"/>%s%s%s</table:table>'
            % (v('tieu_de'), v('ten'), v('nam'), v('dia_danh'), head, ''.join(loop), total))


def write_odt(path, engine):
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content %s '
               'office:version="1.3"><office:body><office:text>%s</office:text>'
               '</office:body></office:document-content>\n' % (NS, body(engine)))
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles %s '
              'office:version="1.3"><office:styles/></office:document-styles>\n' % NS)
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3">\n'
                ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>\n'
                ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
                ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
                '</manifest:manifest>\n')
    meta = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta %s '
            'office:version="1.3"><office:meta/></office:document-meta>\n' % NS)
    manifest = manifest.replace('</manifest:manifest>',
                                ' <manifest:file-entry manifest:full-path="meta.xml" '
                                'manifest:media-type="text/xml"/>\n</manifest:manifest>')
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text',
                   compress_type=zipfile.ZIP_STORED)
        for name, text in (('content.xml', content), ('styles.xml', styles),
                           ('meta.xml', meta), ('META-INF/manifest.xml', manifest)):
            z.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)


CARBONE_JS = r'''
const carbone = require(process.argv[2] + '/node_modules/carbone');
const fs = require('fs');
const [tmpl, rows, runs, out] = [process.argv[3], +process.argv[4], +process.argv[5], process.argv[6]];
const d = { tieu_de: 'BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA', ten: 'Cụm thi đua số XII',
            nam: '2018', dia_danh: 'Hà Nội', rows: [] };
const t = [0, 0, 0];
for (let i = 1; i <= rows; i++) {
  const a = 80 + i % 20, b = 78 + i % 22, c = Math.floor((a + b) / 2);
  d.rows.push({ stt: String(i), ten: 'Đơn vị thứ ' + i + ' của cụm', tu_cham: String(a),
                tham_dinh: String(b), cuoi_cung: String(c) });
  t[0] += a; t[1] += b; t[2] += c;
}
d.tong_tu_cham = String(t[0]); d.tong_tham_dinh = String(t[1]); d.tong_cuoi_cung = String(t[2]);
const ms = [];
let i = 0;
function one() {
  const t0 = process.hrtime.bigint();
  carbone.render(tmpl, d, {}, (err, res) => {
    if (err) { console.error(String(err)); process.exit(1); }
    fs.writeFileSync(out, res);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (++i < runs) return one();
    ms.sort((x, y) => x - y);
    console.log(ms[Math.floor(runs / 2)].toFixed(4) + ' ' + runs);
    process.exit(0);
  });
}
one();
'''

RELATORIO_PY = r'''
import sys, time
from relatorio.templates.opendocument import Template
tmpl, rows, runs, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
d = {'tieu_de': 'BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA', 'ten': 'Cụm thi đua số XII',
     'nam': '2018', 'dia_danh': 'Hà Nội', 'rows': []}
t = [0, 0, 0]
class O(dict):
    __getattr__ = dict.__getitem__
for i in range(1, rows + 1):
    a, b = 80 + i % 20, 78 + i % 22
    c = (a + b) // 2
    d['rows'].append(O(stt=str(i), ten='Đơn vị thứ %d của cụm' % i, tu_cham=str(a),
                       tham_dinh=str(b), cuoi_cung=str(c)))
    t[0] += a; t[1] += b; t[2] += c
d['tong_tu_cham'], d['tong_tham_dinh'], d['tong_cuoi_cung'] = map(str, t)
o = O(d)
tp = Template(source='', filepath=tmpl)  # parsed once
ms = []
for _ in range(runs):
    t0 = time.perf_counter()
    data = tp.generate(o=o).render().getvalue()
    with open(out, 'wb') as f:
        f.write(data)
    ms.append((time.perf_counter() - t0) * 1000)
ms.sort()
print('%.4f %d' % (ms[runs // 2], runs))
'''


def run(argv, name):
    """The median ms per document that one engine's process prints."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    if p.returncode != 0:
        sys.stderr.write('%s failed: %s\n' % (name, err.decode(errors='replace')[-2000:]))
        return None
    return float(out.split()[0])


def peak_of(argv):
    """Run again under wait4 for the peak resident memory, MB."""
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    return ru.ru_maxrss / 1024.0 if status == 0 else None


def main():
    bench_peer, peers, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    node = '/usr/bin/node'
    py = '/usr/bin/python3'
    js = os.path.join(work, 'carbone-bench.js')
    rp = os.path.join(work, 'relatorio-bench.py')
    with open(js, 'w') as f:
        f.write(CARBONE_JS)
    with open(rp, 'w') as f:
        f.write(RELATORIO_PY)
    tmpl = {}
    for e in ('thidua', 'carbone', 'relatorio'):
        tmpl[e] = os.path.join(work, 'mau-%s.odt' % e)
        write_odt(tmpl[e], e)

    # the documents are written to memory-backed storage when there is
    # some: the peers do not fsync, thidua's single-file fill does
    outdir = '/dev/shm' if os.path.isdir('/dev/shm') else work

    def argv(e, rows, runs):
        out = os.path.join(outdir, 'thidua-peers-%d-%s.odt' % (os.getpid(), e))
        if e == 'thidua':
            return [bench_peer, tmpl[e], str(rows), str(runs), out]
        if e == 'carbone':
            return [node, js, os.path.abspath(peers), tmpl[e], str(rows), str(runs), out]
        return [py, rp, tmpl[e], str(rows), str(runs), out]

    engines = ('thidua', 'carbone', 'relatorio')
    res = {}
    for e in engines:
        warm = run(argv(e, 12, 200), e)
        big = run(argv(e, 10000, 3), e)
        mem_s = peak_of(argv(e, 12, 20))
        mem_b = peak_of(argv(e, 10000, 1))
        res[e] = (warm, big, mem_s, mem_b)

    def f(x, fmt):
        return fmt % x if x is not None else 'failed'
    for e in engines:
        try:
            os.unlink(os.path.join(outdir, 'thidua-peers-%d-%s.odt' % (os.getpid(), e)))
        except OSError:
            pass
    print('peers, one run (2 cores, load average %.1f; a heading, 3 fields, a 5-column '
          'table, totals; template compiled once; documents written to %s):'
          % (os.getloadavg()[0], outdir))
    print('  %-10s %14s %16s %14s' % ('engine', 'ms/doc (12 rows)', 'ms (10,000 rows)',
                                     'peak MB small/10k'))
    for e in engines:
        w, b, ms_, mb = res[e]
        print('  %-10s %14s %16s %8s / %s' % (e, f(w, '%.3f'), f(b, '%.1f'), f(ms_, '%.1f'),
                                            f(mb, '%.1f')))
    t = res['thidua']
    for e in engines[1:]:
        p = res[e]
        ratios = []
        for i, label in enumerate(('warm', '10k rows', 'memory small', 'memory 10k')):
            if t[i] is not None and p[i] is not None and p[i] > 0:
                ratios.append('%s %.3f' % (label, t[i] / p[i]))
        print('  thidua/%s: %s' % (e, ', '.join(ratios) if ratios else 'not measured'))
    w = res['carbone'][0]
    if t[0] is not None and w:
        print('  thidua warm fill is %.1fx faster than Carbone (target >= 20x): %s'
              % (w / t[0], 'PASS' if w / t[0] >= 20 else 'MISS'))


if __name__ == '__main__':
    main()
