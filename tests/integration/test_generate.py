"""test_generate.py - `thidua generate` end to end with real LibreOffice:
generated agreements validate against the ODF 1.3 schema, open and convert
to PDF with every unit and signer on it; a template edited and re-saved in
LibreOffice fills the same; bad input is refused with a located message and
no output. Prints a closing "N passed, N failed" line."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lo  # noqa: E402

EX = os.path.join(lo.ROOT, "examples")
TEMPLATE = os.path.join(lo.ROOT, "templates", "agreement.fodt")
UNITS_XII = ["Bảo hiểm xã hội thành phố Hà Nội", "Cục Thuế thành phố Hà Nội",
             "Cục Hải quan thành phố Hà Nội", "Kho Bạc Nhà nước thành phố Hà Nội",
             "Ngân hàng Nhà nước Chi nhánh Hà Nội", "Cục Thống kê thành phố Hà Nội",
             "Tổng Công ty Điện lực Thành phố Hà Nội", "Trung tâm kinh doanh VNPT - Hà Nội",
             "VNPT Hà Nội", "Bưu điện thành phố Hà Nội"]

results = []


def test(fn):
    results.append(fn)
    return fn


def tmp():
    return tempfile.mkdtemp(prefix="thidua-it-")


def up(s):
    return lo.fold(s).upper()


def on_a_page(phrase, pages):
    """The words of phrase appear in order on one page. Words, not the exact
    string: in a two-column signature grid the PDF text of both columns is
    interleaved line by line, so a wrapped name comes out in pieces."""
    def words(t):  # pdftotext eats a "-" at a line end as hyphenation
        return [w.strip("-") for w in up(t).split() if any(c.isalnum() for c in w)]
    want = words(phrase)
    for p in pages:
        words_p = words(p)
        i = 0
        for w in words_p:
            if i < len(want) and w == want[i]:
                i += 1
        if i == len(want):
            return True
    return False


def generate_ok(data, outdir, *extra):
    rc, out, err = lo.thidua("generate", data, "-o", outdir, *extra)
    assert rc == 0, "generate %s failed (%d): %s" % (data, rc, err)
    files = [f for f in os.listdir(outdir) if f.endswith(".odt")]
    assert len(files) == 1, files
    return os.path.join(outdir, files[0])


def check_agreement(odt, units, signers, cluster_name, date_text):
    """Schema, no tags left, PDF with every unit and signer; returns pages."""
    res = lo.odfcheck(odt)
    if res is None:
        print("  (../shared/odf absent: ODF schema check skipped)")
    else:
        assert res[0], "odfcheck failed for %s:\n%s" % (odt, res[1])
    content = lo.part(odt, "content.xml") + lo.part(odt, "styles.xml")
    assert "{{" not in content and "{%" not in content, "a tag is left in " + odt
    pdf = lo.to_pdf(odt, os.path.dirname(odt))
    pages = lo.pdf_pages(pdf)
    text = " ".join(pages)
    assert "{{" not in text and "{%" not in text
    for u in units:
        assert on_a_page(u, pages), "unit %r missing from the PDF" % u
    for s in signers:
        assert on_a_page(s, pages), "signer %r missing from the PDF" % s
    assert up(cluster_name) in up(text), "cluster name missing"
    assert date_text in text, "date %r missing" % date_text
    return pages


@test
def example_workbook_xii():
    d = tmp()
    odt = generate_ok(os.path.join(EX, "cum-xii-ha-noi-2018.fods"), d)
    pages = check_agreement(odt, UNITS_XII, [], "Cụm thi đua số XII", "ngày 11 tháng 01 năm 2018")
    # page numbers from page 2 on: "2" heads page 2, page 1 has none at top
    if len(pages) > 1:
        assert pages[1].startswith("2 ") or " 2 " in pages[1][:20], pages[1][:40]
    shutil.rmtree(d)


@test
def example_workbook_can_tho():
    d = tmp()
    odt = generate_ok(os.path.join(EX, "khoi-dang-can-tho-2018.fods"), d)
    check_agreement(odt, ["Văn phòng Thành ủy", "Ban Tổ chức", "Ban Tuyên giáo",
                          "Đảng ủy khối cơ quan Dân Chính Đảng"], ["Lê Văn Thành"],
                    "Khối thi đua", "ngày 13 tháng 4 năm 2018")
    shutil.rmtree(d)


@test
def example_xml_same_as_workbook():
    d1, d2 = tmp(), tmp()
    a = generate_ok(os.path.join(EX, "cum-xii-ha-noi-2018.xml"), d1)
    b = generate_ok(os.path.join(EX, "cum-xii-ha-noi-2018.fods"), d2)
    assert lo.part(a, "content.xml") == lo.part(b, "content.xml"), "XML and workbook differ"
    shutil.rmtree(d1)
    shutil.rmtree(d2)


def cluster_xml(n):
    """Cluster data in the XML format with n units, built from the example:
    the head signs TM., every third unit KT. (authority and title), every
    fourth has a long name that wraps in its column."""
    src = open(os.path.join(EX, "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    m = re.search(r"(?s)<units>.*</units>", src)
    assert m, "no <units> in the XML example"
    units, blocks = [], []
    for i in range(1, n + 1):
        name = "Sở Kế hoạch và Đầu tư thử nghiệm số %d tỉnh Hà Nam" % i if i % 4 == 0 \
            else "Đơn vị thử nghiệm số %d" % i
        signer = "Người ký số %d" % i
        role = "head" if i == 1 else ("deputy" if i == 2 else "member")
        auth, title = ("TM. BAN GIÁM ĐỐC", "GIÁM ĐỐC") if i == 1 else \
            ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") if i % 3 == 0 else (None, "GIÁM ĐỐC")
        units.append('    <unit order="%d" code="DV%02d" role="%s">\n      <name>%s</name>\n%s'
                     '      <title>%s</title>\n      <signer>%s</signer>\n    </unit>'
                     % (i, i, role, name,
                        "      <authority>%s</authority>\n" % auth if auth else "", title, signer))
        blocks.append((name, [auth, title, signer] if auth else [title, signer]))
    out = src[:m.start()] + "<units>\n" + "\n".join(units) + "\n  </units>" + src[m.end():]
    return out, blocks


@test
def sizes_1_to_60():
    """No signature block split across pages: every line of each block
    (unit, authority, title, signer) on the page that has its signer."""
    for n in (1, 2, 3, 5, 9, 12, 25, 60):
        d = tmp()
        try:
            xml, blocks = cluster_xml(n)
        except AssertionError as e:
            raise AssertionError("cannot build %d-unit data: %s" % (n, e))
        data = os.path.join(d, "c%d.xml" % n)
        open(data, "w", encoding="utf-8").write(xml)
        out = os.path.join(d, "out")
        os.mkdir(out)
        odt = generate_ok(data, out)
        pages = check_agreement(odt, [b[0] for b in blocks], [b[1][-1] for b in blocks],
                                "Cụm thi đua số XII", "ngày 11 tháng 01 năm 2018")
        for name, lines in blocks:
            signer = lines[-1]
            # "Người ký số 1" is a prefix of "Người ký số 12": match the whole name
            on = [p for p in pages if re.search(re.escape(up(signer)) + r"(?!\d)", up(p))]
            assert len(on) == 1, "%d units: signer %s on %d pages" % (n, signer, len(on))
            for line in [name] + lines[:-1]:
                assert on_a_page(line, on), \
                    "%d units: %r of the block of %s is not on its signer's page" % (n, line, name)
        shutil.rmtree(d)


@test
def summary_signatures_stay_with_the_table():
    """The summary (an annex, A4 landscape): for 1 to 60 units the
    signature blocks (người lập biểu; the head, with its authority) are on
    one page, and that page also has rows of the table: never split, never
    alone on a page. Rows of two lines (every unit's note says it has no
    sheet), the tallest the template counts on."""
    for n in (1, 3, 4, 10, 11, 28, 30, 37, 60):
        d = tmp()
        xml, blocks = cluster_xml(n)
        data = os.path.join(d, "c%d.xml" % n)
        open(data, "w", encoding="utf-8").write(xml)
        empty = os.path.join(d, "empty")
        out = os.path.join(d, "out")
        os.mkdir(empty)
        os.mkdir(out)
        rc, so, se = lo.thidua("tally", data, empty, "-o", out, "--allow-incomplete")
        assert rc in (0, 1), se
        pages = lo.pdf_pages(lo.to_pdf(os.path.join(out, "bang-tong-hop-ket-qua-2018.ods"), d))
        on = [p for p in pages if "NGƯỜI LẬP BIỂU" in p]
        assert len(on) == 1, "%d units: the signatures on %d pages" % (n, len(on))
        page = on[0]
        head = blocks[0]
        for line in [up(head[0]), "(Cụm trưởng)"] + head[1]:
            assert on_a_page(line, on), "%d units: %r not with the signatures" % (n, line)
        rows = re.findall(r"thử nghiệm số (\d+)", page.split("NGƯỜI LẬP BIỂU")[0])
        assert rows, "%d units: the signatures alone on their page" % n
        print("     %d units: %d pages; the signatures with the rows of units %s" % (
            n, pages.index(page) + 1, ", ".join(sorted(set(rows), key=int))))
        shutil.rmtree(d)


@test
def issuing_body_rule_is_a_third_to_half_of_its_line():
    """Nghị định 30: the rule under the issuing body is 1/3 to 1/2 of the
    name's line, centred under it, in the agreement, the summary, the report and
    the scoring sheet (.ods and .xlsx, which print at the same size),
    for short names and for a long one that wraps."""
    src = open(os.path.join(EX, "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    long_name = "Cụm thi đua các cơ quan ngành dọc Trung ương đóng trên địa bàn thành phố Hà Nội"
    for name in ("Cụm thi đua số XII", "Cụm thi đua số 1", long_name):
        d = tmp()
        xml = src.replace("<name>Cụm thi đua số XII</name>", "<name>%s</name>" % name, 1)
        assert name in xml
        data = os.path.join(d, "c.xml")
        open(data, "w", encoding="utf-8").write(xml)
        out = os.path.join(d, "out")
        os.mkdir(out)
        docs = [generate_ok(data, out)]
        empty = os.path.join(d, "empty")
        os.mkdir(empty)
        rc, so, se = lo.thidua("tally", data, empty, "-o", out, "--allow-incomplete")
        assert rc in (0, 1), se
        docs.append(os.path.join(out, "bang-tong-hop-ket-qua-2018.ods"))
        docs.append(os.path.join(out, "bao-cao-ket-qua-2018.odt"))
        for fmt in ("ods", "xlsx"):
            so_ = os.path.join(d, "sheets-" + fmt)
            os.mkdir(so_)
            rc, so, se = lo.thidua("sheets", data, "-o", so_, "--format", fmt)
            assert rc == 0, se
            docs.append(os.path.join(so_, "bang-tu-cham-diem-2018-BHXH." + fmt))
        lines = {}
        for doc in docs:
            pdf = lo.to_pdf(doc, d)
            r = lo.rule_under(pdf, name.upper())
            what = "%s, %r" % (os.path.basename(doc), name)
            assert r["rule"] is not None, "%s: no rule under the issuing body" % what
            ratio = r["rule"] / r["line"]
            assert 1 / 3.0 <= ratio <= 0.5, "%s: rule %.1f mm under a %.1f mm line (%.2f)" % (
                what, r["rule"], r["line"], ratio)
            assert abs(r["offset"]) < 1.5, "%s: rule off centre by %.1f mm" % (what, r["offset"])
            print("     %s: rule %.1f mm, line %.1f mm (%.2f), off centre %.1f mm" % (
                what, r["rule"], r["line"], ratio, r["offset"]))
            lines[os.path.basename(doc)] = r["line"]
        # the .xlsx sheet prints at the size of the .ods (not scaled down)
        ods, xlsx = lines["bang-tu-cham-diem-2018-BHXH.ods"], lines["bang-tu-cham-diem-2018-BHXH.xlsx"]
        assert abs(ods - xlsx) < 1.0, "the .xlsx prints the name %.1f mm wide, the .ods %.1f" % (
            xlsx, ods)
        shutil.rmtree(d)


def cell(*paras):
    return '<table:table-cell office:value-type="string">%s</table:table-cell>' % "".join(
        "<text:p>%s</text:p>" % p for p in paras) if paras else "<table:table-cell/>"


def row(*cells):
    return '<table:table-row table:style-name="ro1">%s</table:table-row>' % "".join(cells)


# A body written the way some clusters write theirs: four headings of their
# own, "Một là" numbering, sub-points typed inside one cell, a witness, the
# criteria as an annex and three signatures a row.
OWN_BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", ["Thi đua là động lực phát triển của mỗi đơn vị.",
                              "a) Thiết thực, hiệu quả;", "b) Tránh hình thức."], "-"),
    ("II. NỘI DUNG GIAO ƯỚC", ["Hoàn thành xuất sắc nhiệm vụ chính trị được giao."], "Một là"),
    ("", ["Đẩy mạnh cải cách hành chính."], ""),
    ("III. CHỈ TIÊU", ["100% đơn vị đăng ký thi đua."], ""),
    ("IV. TỔ CHỨC THỰC HIỆN", ["Các đơn vị phổ biến bản giao ước đến toàn thể cán bộ."], "1."),
]
WITNESS = ("Hội đồng Thi đua - Khen thưởng thành phố Hà Nội", "TM. HỘI ĐỒNG", "PHÓ CHỦ TỊCH",
           "Trần Chứng Kiến")


def own_body(src):
    i = src.index('<table:table table:name="Nội dung">')
    j = src.index("</table:table>", i)
    rows = [row(cell("Mục"), cell("Nội dung"), cell("Cách đánh số"))]
    for muc, lines, how in OWN_BODY:
        rows.append(row(cell(muc) if muc else cell(), cell(*lines), cell(how) if how else cell()))
    table = ('<table:table table:name="Nội dung"><table:table-column table:number-columns-repeated="3"/>'
             + "".join(rows))
    src = src[:i] + table + src[j:]
    nn = src.index(row(cell("Nơi nhận"), cell("Hội đồng Thi đua - Khen thưởng thành phố (để báo cáo)")))
    extra = [("Chứng kiến", WITNESS[0]), ("Quyền hạn ký chứng kiến", WITNESS[1]),
             ("Chức vụ chứng kiến", WITNESS[2]), ("Người ký chứng kiến", WITNESS[3]),
             ("Phụ lục tiêu chí", "Có"), ("Số cột chữ ký", "3")]
    return src[:nn] + "".join(row(cell(a), cell(b)) for a, b in extra) + src[nn:]


def in_order(phrases, text):
    """Each phrase appears in text, each after the one before."""
    at = 0
    for p in phrases:
        k = up(text).find(up(p), at)
        assert k >= 0, "%r missing or out of order after: %s" % (p, up(text)[max(0, at - 80):at + 80])
        at = k + len(up(p))


@test
def agreement_with_its_own_headings_sub_points_witness_and_annex():
    d = tmp()
    data = workbook_variant(d, "own-body", own_body)
    out = os.path.join(d, "out")
    os.mkdir(out)
    odt = generate_ok(data, out)
    pages = check_agreement(odt, UNITS_XII, [WITNESS[3]], "Cụm thi đua số XII",
                            "ngày 11 tháng 01 năm 2018")
    text = " ".join(pages)
    in_order(["Dưới sự chứng kiến của " + WITNESS[0],
              "I. MỤC ĐÍCH, YÊU CẦU", "- Thi đua là động lực", "a) Thiết thực, hiệu quả;",
              "b) Tránh hình thức.",
              "II. NỘI DUNG GIAO ƯỚC", "Một là, Hoàn thành xuất sắc", "Hai là, Đẩy mạnh",
              "III. CHỈ TIÊU", "- 100% đơn vị", "IV. TỔ CHỨC THỰC HIỆN", "1. Các đơn vị phổ biến",
              "ĐẠI DIỆN CƠ QUAN CHỨNG KIẾN", "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", "Nơi nhận",
              "Phụ lục", "BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2018",
              "Kèm theo Bản giao ước thi đua số 01/GƯ-CTĐ",
              "ngày 11 tháng 01 năm 2018 của Cụm thi đua số XII)", "Mã Nội dung tiêu chí Điểm chuẩn",
              "THỰC HIỆN NHIỆM VỤ"], text)
    w = [p for p in pages if up(WITNESS[3]) in up(p)]
    assert len(w) == 1 and on_a_page(" ".join(WITNESS[:3]), w), "the witness block is split"
    lines = subprocess.run(["pdftotext", "-layout", lo.to_pdf(odt, out), "-"],
                           capture_output=True, text=True).stdout.splitlines()
    # the sub-points are lines of their own, not joined to their item
    for sub in ("a) Thiết thực, hiệu quả;", "b) Tránh hình thức."):
        assert any(ln.strip().startswith(sub) for ln in lines), "%r does not start a line" % sub
    # three blocks a row: the first three units' names share a line of the PDF
    assert any("Nguyễn Văn A" in ln and "Trần Văn B" in ln and "Lê Thị C" in ln for ln in lines), \
        "the first three signers are not on one line"
    # the same data in the XML format gives the same document
    x = open(os.path.join(EX, "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    sec = []
    for muc, lines_, how in OWN_BODY:
        items = ("<item><text>%s</text>%s</item>" % (lines_[0], "".join(
            "<point>%s</point>" % p for p in lines_[1:]))) if len(lines_) > 1 else \
            "<item>%s</item>" % lines_[0]
        if muc:
            sec.append('<section title="%s"%s>%s' % (muc, ' numbering="%s"' % how if how else "", items))
        else:
            sec[-1] += items
    content = '<content annex-criteria="true" sign-columns="3">%s</content>' % "".join(
        s_ + "</section>" for s_ in sec)
    x = re.sub(r"(?s)<content>.*?</content>", content, x)
    x = x.replace("<bases>", "<witness><name>%s</name><authority>%s</authority><title>%s</title>"
                  "<signer>%s</signer></witness>\n  <bases>" % WITNESS, 1)
    xp = os.path.join(d, "own-body.xml")
    open(xp, "w", encoding="utf-8").write(x)
    out2 = os.path.join(d, "out2")
    os.mkdir(out2)
    odt2 = generate_ok(xp, out2)
    assert lo.part(odt2, "content.xml") == lo.part(odt, "content.xml"), "XML and workbook differ"
    shutil.rmtree(d)


def tiny_png():
    """A 4x4 red PNG, made here (no file to ship)."""
    import struct
    import zlib

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xcc\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@test
def template_edited_in_libreoffice_fills_the_same():
    """Bold half of a tag, smart quotes inside a tag and a logo added, saved
    by LibreOffice as a template: the text comes out the same and the logo
    is carried over."""
    d = tmp()
    src = open(TEMPLATE, encoding="utf-8").read()
    assert "{{ cum.ten }}" in src, "the default template has no {{ cum.ten }}"
    base = src.replace("{{ cum.ten }}", '{{ cum.ten | default("x") }}', 1)
    plain = os.path.join(d, "plain.fodt")
    open(plain, "w", encoding="utf-8").write(base)
    office = lo.Office()
    try:
        doc = office.load(plain)
        search = doc.createSearchDescriptor()
        search.SearchString = '{{ cum.ten | default("x") }}'
        found = doc.findFirst(search)
        assert found is not None, "tag not found through UNO"
        # autocorrect-style curly quotes inside the tag
        found.setString("{{ cum.ten | default(\u201cx\u201d) }}")
        search.SearchString = "{{ cum.ten | default(\u201cx\u201d) }}"
        found = doc.findFirst(search)
        assert found is not None, "edited tag not found through UNO"
        cur = found.getText().createTextCursorByRange(found.getStart())
        cur.goRight(7, True)  # "{{ cum." bold: the tag is split across spans
        cur.CharWeight = 150.0
        # a logo, as an officer would add one
        import uno
        from com.sun.star.beans import PropertyValue
        png = os.path.join(d, "logo.png")
        open(png, "wb").write(tiny_png())
        gp = office.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.graphic.GraphicProvider", office.ctx)
        graphic = gp.queryGraphic((PropertyValue(Name="URL", Value=uno.systemPathToFileUrl(png)),))
        logo = doc.createInstance("com.sun.star.text.TextGraphicObject")
        logo.Graphic = graphic
        doc.getText().insertTextContent(doc.getText().getEnd(), logo, False)
        edited = os.path.join(d, "edited.ott")
        office.store(doc, edited, "writer8_template")
        doc.close(True)
    finally:
        office.close()
    xml = lo.part(edited, "content.xml")
    assert "\u201cx\u201d" in xml and "<text:span" in xml
    data = os.path.join(EX, "cum-xii-ha-noi-2018.fods")
    o1, o2 = os.path.join(d, "o1"), os.path.join(d, "o2")
    os.mkdir(o1)
    os.mkdir(o2)
    a = generate_ok(data, o1, "-t", plain)
    b = generate_ok(data, o2, "-t", edited)
    res = lo.odfcheck(b, extended=True)
    assert res is None or res[0], res and res[1]
    import zipfile
    with zipfile.ZipFile(b) as z:
        pics = [n for n in z.namelist() if n.startswith("Pictures/")]
        assert pics, "the logo was lost: %s" % z.namelist()
        assert any(p in z.read("content.xml").decode("utf-8") for p in pics)
    ta = " ".join(lo.pdf_pages(lo.to_pdf(a, o1)))
    tb = " ".join(lo.pdf_pages(lo.to_pdf(b, o2)))
    assert ta == tb, "texts differ:\n%s\n---\n%s" % (ta[:400], tb[:400])
    shutil.rmtree(d)


@test
def spreadsheet_template_sums_generated_rows():
    """A Calc template with a row loop and a SUM under it: LibreOffice's
    total covers every generated row (1 + 2 + ... + 10 = 55)."""
    d = tmp()
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')

    def row(*cells):
        return "<table:table-row>%s</table:table-row>" % "".join(cells)

    def cell(t):
        return "<table:table-cell><text:p>%s</text:p></table:table-cell>" % t
    body = (row(cell("TT"), cell("Đơn vị")) + row(cell("{% for u in don_vi %}")) +
            row(cell("{{ u.thu_tu }}"), cell("{{ u.ten }}")) + row(cell("{% endfor %}")) +
            row('<table:table-cell table:formula="of:=SUM([.A2:.A4])"/>', cell("Tổng")))
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.3" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
           '<office:spreadsheet><table:table table:name="DS"><table:table-column table:number-columns-repeated="2"/>%s</table:table>'
           '</office:spreadsheet></office:body></office:document>\n' % (ns, body))
    t = os.path.join(d, "tong.fods")
    open(t, "w", encoding="utf-8").write(doc)
    out = os.path.join(d, "out")
    os.mkdir(out)
    rc, so, se = lo.thidua("generate", os.path.join(EX, "cum-xii-ha-noi-2018.fods"), "-t", t, "-o", out)
    assert rc == 0, se
    ods = os.path.join(out, "ban-giao-uoc-thi-dua-2018.ods")
    res = lo.odfcheck(ods)
    assert res is None or res[0], res and res[1]
    csv = lo.convert(ods, out, "csv:Text - txt - csv (StarCalc):44,34,76")
    rows = open(csv, encoding="utf-8").read().splitlines()
    assert rows[1].startswith("1,") and rows[10].startswith("10,"), rows
    assert rows[11].startswith("55,"), rows
    shutil.rmtree(d)


def expect_refused(args, *needles, outdir=None):
    rc, out, err = lo.thidua(*args)
    assert rc != 0, "accepted: %s\n%s" % (args, out)
    msg = out + err
    for n in needles:
        assert n in msg, "message lacks %r:\n%s" % (n, msg)
    if outdir:
        assert os.listdir(outdir) == [], "output left behind: %s" % os.listdir(outdir)
    return msg


def workbook_variant(d, name, fn):
    src = open(os.path.join(EX, "cum-xii-ha-noi-2018.fods"), encoding="utf-8").read()
    changed = fn(src)
    assert changed != src, "variant %s changed nothing" % name
    p = os.path.join(d, name + ".fods")
    open(p, "w", encoding="utf-8").write(changed)
    return p


@test
def bad_data_is_refused_with_location():
    d = tmp()
    out = os.path.join(d, "out")
    os.mkdir(out)

    def drop_sheet(s):
        return re.sub(r'(?s)<table:table table:name="Căn cứ".*?</table:table>', "", s)

    def drop_column(s):
        return s.replace(">Người ký<", ">Người kí ghi sai<", 1)

    cases = [
        ("missing-sheet", drop_sheet, ["Căn cứ"]),
        ("missing-column", drop_column, ["Đơn vị", "Người ký"]),
    ]
    for name, fn, needles in cases:
        p = workbook_variant(d, name, fn)
        expect_refused(["generate", p, "-o", out], p, *needles, outdir=out)

    # duplicate unit code / empty name / NFD: edit through the XML format
    xml = open(os.path.join(EX, "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    codes = re.findall(r'<unit [^>]*code="([^"]+)"', xml)
    assert len(codes) >= 2
    dup = xml.replace('code="%s"' % codes[1], 'code="%s"' % codes[0], 1)
    p = os.path.join(d, "dup.xml")
    open(p, "w", encoding="utf-8").write(dup)
    expect_refused(["generate", p, "-o", out], p, codes[0], outdir=out)

    head, rest = xml.split("<units>", 1)
    empty = head + "<units>" + re.sub(r"<name>[^<]*</name>", "<name></name>", rest, count=1)
    p = os.path.join(d, "empty.xml")
    open(p, "w", encoding="utf-8").write(empty)
    expect_refused(["generate", p, "-o", out], p, outdir=out)

    nfd = xml.replace(UNITS_XII[1], unicodedata.normalize("NFD", UNITS_XII[1]), 1)
    assert nfd != xml
    p = os.path.join(d, "nfd.xml")
    open(p, "w", encoding="utf-8").write(nfd)
    msg = expect_refused(["generate", p, "-o", out], p, outdir=out)
    assert re.search(r"(dòng|line) \d+", msg), msg

    bad = xml[: len(xml) // 2]
    p = os.path.join(d, "truncated.xml")
    open(p, "w", encoding="utf-8").write(bad)
    msg = expect_refused(["generate", p, "-o", out], p, outdir=out)
    assert re.search(r"(dòng|line) \d+", msg), msg
    shutil.rmtree(d)


@test
def bad_templates_are_refused():
    d = tmp()
    out = os.path.join(d, "out")
    os.mkdir(out)
    data = os.path.join(EX, "cum-xii-ha-noi-2018.fods")
    # a .docx renamed .odt
    docx = os.path.join(d, "renamed.odt")
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document/>")
    expect_refused(["generate", data, "-t", docx, "-o", out], docx, "OOXML", outdir=out)
    # a truncated package
    good = os.path.join(d, "good")
    os.mkdir(good)
    odt = generate_ok(data, good)
    raw = open(odt, "rb").read()
    trunc = os.path.join(d, "truncated.odt")
    open(trunc, "wb").write(raw[: len(raw) // 2])
    expect_refused(["generate", data, "-t", trunc, "-o", out], trunc, outdir=out)
    # a password-protected document
    office = lo.Office()
    try:
        doc = office.load(TEMPLATE)
        enc = os.path.join(d, "encrypted.ott")
        office.store(doc, enc, "writer8_template", Password="mat-khau")
        doc.close(True)
    finally:
        office.close()
    expect_refused(["generate", data, "-t", enc, "-o", out], enc, "password", outdir=out)
    # a tag broken across paragraphs
    src = open(TEMPLATE, encoding="utf-8").read()
    broken = src.replace("{{ cum.ten }}", "{{ cum.</text:p><text:p>ten }}", 1)
    bt = os.path.join(d, "broken.fodt")
    open(bt, "w", encoding="utf-8").write(broken)
    msg = expect_refused(["generate", data, "-t", bt, "-o", out], bt, "đoạn", "paragraph", outdir=out)
    assert "tmpl.unclosed-tag" in msg
    shutil.rmtree(d)


@test
def refuses_to_overwrite_and_json():
    d = tmp()
    data = os.path.join(EX, "cum-xii-ha-noi-2018.fods")
    odt = generate_ok(data, d)
    before = open(odt, "rb").read()
    rc, out, err = lo.thidua("generate", data, "-o", d)
    assert rc == 3, (rc, err)
    assert open(odt, "rb").read() == before
    rc, out, err = lo.thidua("generate", data, "-o", d, "--force", "--json")
    assert rc == 0
    import json
    j = json.loads(out)
    assert j["ok"] is True and j["outputs"] == [odt], j
    shutil.rmtree(d)


def main():
    return lo.run_cases("generate", [(fn.__name__, lambda _st, fn=fn: fn()) for fn in results])


if __name__ == "__main__":
    sys.exit(main())
