#!/usr/bin/env python3
"""make-hostile.py - write the hostile input files of tests/hostile and of the
fuzz corpora (issue 11), so that no big file is ever committed.

  python3 tools/make-hostile.py OUT_DIR            every shape, into OUT_DIR
  python3 tools/make-hostile.py --corpus FUZZ_DIR  the small shapes as fuzz
                                                   seeds, FUZZ_DIR/<target>/

Each shape is small on disk and large when read naively: a ~1 MB cell
repeated by table:number-columns-repeated / number-rows-repeated (.ods), a
~1 MB shared string referenced by 5,000 cells (.xlsx), flat ODF far over the
64 MiB cap (.fods, written in chunks), a non-UTF-8 encoding declaration, and
a template with seven nested loops. Only the standard library is used
(Debian's python3); output is deterministic.
"""
import os
import sys
import zipfile

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
MIME_ODS = 'application/vnd.oasis.opendocument.spreadsheet'
MIME_ODT = 'application/vnd.oasis.opendocument.text'


def filler(n):
    """About n bytes of words, compressible ~20x (not 1000x: the package
    reader's ratio check must not be what stops it)."""
    words = ['thi', 'đua', 'khen', 'thưởng', 'cụm', 'khối', 'đơn', 'vị', 'điểm', 'chấm',
             'năm', 'tiêu', 'chí', 'bảng', 'tổng', 'hợp', 'xếp', 'hạng', 'giao', 'ước',
             'cơ', 'quan', 'thuế', 'hải', 'kho', 'bạc', 'ngân', 'hàng', 'bảo', 'hiểm',
             'phòng', 'ban']
    out, size, x = [], 0, 12345
    while size < n:
        x = (x * 1103515245 + 12345) & 0x7fffffff
        w = words[(x >> 16) % len(words)]
        out.append(w)
        size += len(w.encode()) + 1
    return ' '.join(out)


def ods_content(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {NS} office:version="1.3">'
            f'<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>'
            '</office:document-content>\n')


def write_ods(path, content, mime=MIME_ODS):
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>\n')
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), mime, compress_type=zipfile.ZIP_STORED)
        z.writestr('content.xml', content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr('META-INF/manifest.xml', manifest, compress_type=zipfile.ZIP_DEFLATED)


def big_cell(repeat_cols=1):
    rep = f' table:number-columns-repeated="{repeat_cols}"' if repeat_cols > 1 else ''
    return (f'<table:table-cell office:value-type="string"{rep}>'
            f'<text:p>{filler(1000000)}</text:p></table:table-cell>')


def repeat_cols_body():
    return (f'<table:table table:name="Đơn vị"><table:table-row>{big_cell(16000)}'
            '</table:table-row></table:table>')


def repeat_rows_body():
    return ('<table:table table:name="Đơn vị">'
            f'<table:table-row table:number-rows-repeated="5000">{big_cell()}</table:table-row>'
            '</table:table>')


def xlsx(path, sheet_xml, sst_xml):
    ct = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Đơn vị" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', rels)
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/_rels/workbook.xml.rels', wbrels)
        z.writestr('xl/worksheets/sheet1.xml', sheet_xml)
        z.writestr('xl/sharedStrings.xml', sst_xml)


def xlsx_sheet(cells):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{cells}</sheetData></worksheet>')


def xlsx_sst(strings):
    si = ''.join(f'<si><t>{s}</t></si>' for s in strings)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{si}</sst>')


def shared_string_cells(n):
    return ''.join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(1, n + 1))


def write_flat_fods(path, size):
    """A flat spreadsheet of about `size` bytes: one sheet of many ordinary
    rows (each cell distinct), written in chunks."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {NS} office:version="1.3" office:mimetype="{MIME_ODS}">'
            '<office:body><office:spreadsheet><table:table table:name="Đơn vị">')
    tail = '</table:table></office:spreadsheet></office:body></office:document>\n'
    with open(path, 'w', encoding='utf-8') as f:
        f.write(head)
        written, i = len(head), 0
        while written < size:
            rows = []
            for _ in range(1000):
                i += 1
                rows.append('<table:table-row><table:table-cell office:value-type="string">'
                            f'<text:p>Đơn vị số {i}</text:p></table:table-cell>'
                            f'<table:table-cell office:value-type="float" office:value="{i % 100}">'
                            f'<text:p>{i % 100}</text:p></table:table-cell></table:table-row>')
            chunk = ''.join(rows)
            f.write(chunk)
            written += len(chunk.encode())
        f.write(tail)


def flat_head(mime):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {NS} office:version="1.3" office:mimetype="{mime}">')


def nested_template(levels):
    opens = ''.join(f'{{% for v{k} in don_vi %}}' for k in range(levels))
    closes = '{% endfor %}' * levels
    return (flat_head(MIME_ODT) + '<office:body><office:text>'
            f'<text:p>{opens}x{closes}</text:p>'
            '</office:text></office:body></office:document>\n')


def encoded_fods(enc='ISO-8859-1'):
    body = ('<table:table table:name="Đơn vị"><table:table-row><table:table-cell office:value-type="string">'
            '<text:p>Tuyên Quang</text:p></table:table-cell></table:table-row></table:table>')
    text = (f'<?xml version="1.0" encoding="{enc}"?>\n'
            f'<office:document {NS} office:version="1.3" office:mimetype="{MIME_ODS}">'
            f'<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>'
            '</office:document>\n')
    return text.replace('Đơn vị', 'Don vi').encode('latin-1')


def small_shapes():
    """(target, name, bytes) of the small shapes, for the fuzz corpora too."""
    out = []
    cols = ods_content(repeat_cols_body()).encode()
    rows = ods_content(repeat_rows_body()).encode()
    out.append(('ods', 'repeat-cols.xml', cols))
    out.append(('ods', 'repeat-rows.xml', rows))
    out.append(('ods', 'utf7.xml', ods_content('<table:table table:name="A"/>')
                .replace('UTF-8', 'UTF-7').encode()))
    sheet = xlsx_sheet(shared_string_cells(5000)).encode()
    sst = xlsx_sst([filler(1000000)]).encode()
    out.append(('xlsx', 'shared-string', sheet + b'\n--thidua-part--\n' + sst))
    out.append(('xlsx', 'utf7', xlsx_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>\xe9</t></is></c></row>')
                .replace('UTF-8', 'UTF-7').encode('latin-1')))
    out.append(('flat', 'utf7.fods', encoded_fods('UTF-7')))
    flat_cols = (flat_head(MIME_ODS) + '<office:body><office:spreadsheet>' + repeat_cols_body() +
                 '</office:spreadsheet></office:body></office:document>\n').encode()
    out.append(('flat', 'repeat-cols.fods', flat_cols))
    out.append(('cluster', 'repeat-cols.fods', flat_cols))
    out.append(('cluster', 'utf7.xml', '<?xml version="1.0" encoding="UTF-7"?>\n'
                '<cluster xmlns="urn:thidua:cluster:1"><name>x</name></cluster>\n'.encode()))
    out.append(('template', 'nested-loops.fodt', nested_template(7).encode()))
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == '--corpus':
        for target, name, data in small_shapes():
            d = os.path.join(argv[2], target)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, 'hostile-' + name), 'wb') as f:
                f.write(data)
        # the package target takes whole files: the zip shapes themselves
        d = os.path.join(argv[2], 'package')
        os.makedirs(d, exist_ok=True)
        write_ods(os.path.join(d, 'hostile-repeat-cols.ods'), ods_content(repeat_cols_body()))
        xlsx(os.path.join(d, 'hostile-shared-string.xlsx'), xlsx_sheet(shared_string_cells(5000)),
             xlsx_sst([filler(1000000)]))
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)

    def p(name):
        return os.path.join(out, name)

    # returned sheets (tally) and cluster data (generate): repeats of a 1 MB cell
    write_ods(p('returned-repeat-cols.ods'), ods_content(repeat_cols_body()))
    write_ods(p('returned-repeat-rows.ods'), ods_content(repeat_rows_body()))
    write_ods(p('data-repeat-cols.ods'), ods_content(repeat_cols_body()))
    # one 1 MB shared string referenced by 5,000 cells
    xlsx(p('returned-shared-string.xlsx'), xlsx_sheet(shared_string_cells(5000)),
         xlsx_sst([filler(1000000)]))
    # flat ODF far over the cap (a returned sheet and a data workbook)
    for name, size in (('returned-huge.fods', 230 << 20), ('data-huge.fods', 190 << 20)):
        if not os.path.exists(p(name)) or os.path.getsize(p(name)) < size:
            write_flat_fods(p(name), size)
    # flat ODF just under the cap: accepted, streamed
    if not os.path.exists(p('returned-60mb.fods')) or os.path.getsize(p('returned-60mb.fods')) < (60 << 20):
        write_flat_fods(p('returned-60mb.fods'), 60 << 20)
    # encodings other than UTF-8/UTF-16: UTF-7 made libxml2 print raw lines,
    # windows-1258 (Vietnamese) was read silently
    for enc, tag in (('UTF-7', 'utf7'), ('windows-1258', 'cp1258')):
        with open(p(f'returned-{tag}.fods'), 'wb') as f:
            f.write(encoded_fods(enc))
        with open(p(f'data-{tag}.fods'), 'wb') as f:
            f.write(encoded_fods(enc))
        write_ods(p(f'returned-{tag}.ods'),
                  ods_content('<table:table table:name="A"/>').replace('UTF-8', enc))
        with open(p(f'data-{tag}.xml'), 'wb') as f:
            f.write(f'<?xml version="1.0" encoding="{enc}"?>\n<cluster xmlns="urn:thidua:cluster:1"><name>\u1eadp</name></cluster>\n'
                    .encode('utf-8'))
    xlsx(p('returned-utf7.xlsx'), xlsx_sheet('').replace('UTF-8', 'UTF-7'), xlsx_sst([]))
    # seven nested loops
    with open(p('template-nested-loops.fodt'), 'w', encoding='utf-8') as f:
        f.write(nested_template(7))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
