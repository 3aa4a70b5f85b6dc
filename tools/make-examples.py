#!/usr/bin/env python3
"""make-examples.py - write the example cluster workbooks (flat ODS), the
same data in thidua's XML format, and the empty workbook a user starts from.

    python3 tools/make-examples.py [REPO_DIR]

Writes examples/khoi-dang-can-tho-2018.fods, examples/cum-xii-ha-noi-2018.fods,
examples/cum-xii-ha-noi-2018.xml, examples/cum-so-nganh-tinh-2024.fods and
templates/cluster-empty.fods. The first two come from news articles (seeds
002 and 003); everything the articles do not say (signers other than the one
named, the deputy of the Cần Thơ bloc, document numbers, targets, criteria,
awards) is an example and is marked so. The third is a council-style table
built from the ways councils write theirs (domain.md §4a: decimal codes,
rules inside a criterion, a định lượng item with each unit's target, a
scoring body, classification bands, a percentage quota, groups); all its
names are examples.
"""
import os
import sys
from xml.sax.saxutils import escape

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")

VD = " (ví dụ)"

BASES_2018 = [
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003 và các Luật sửa đổi, "
    "bổ sung một số điều của Luật Thi đua, Khen thưởng",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
    "thi hành một số điều của Luật Thi đua, khen thưởng",
]

# The example table of domain.md §4 (assembled from several sources, not an
# official text): code, content, max, kind, per event, cap, note, and whether
# the deduction bars the unit from the top award (Không xét khen).
CRITERIA = [
    ("I", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ, CHUYÊN MÔN", 50, "Phần", None, None, None, False),
    ("I.1", "Hoàn thành các chỉ tiêu, nhiệm vụ trọng tâm được giao trong năm", 30, "Tiêu chí", None, None, None, False),
    ("I.2", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn (chậm trừ 0,5 điểm/lần)", 10, "Tiêu chí", None, None, None, False),
    ("I.3", "Cải cách hành chính, chuyển đổi số, ứng dụng chữ ký số", 10, "Tiêu chí", None, None, None, False),
    ("II", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG VÀ HOẠT ĐỘNG CỦA CỤM", 20, "Phần", None, None, None, False),
    ("II.1", "Xây dựng kế hoạch, đăng ký và phát động thi đua", 5, "Tiêu chí", None, None, None, False),
    ("II.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 5, "Tiêu chí", None, None, None, False),
    ("II.3", "Thực hiện đúng quy trình, thủ tục khen thưởng", 5, "Tiêu chí", None, None, None, False),
    ("II.4", "Tham gia đầy đủ các hoạt động do Cụm tổ chức", 5, "Tiêu chí", None, None, None, False),
    ("III", "XÂY DỰNG ĐẢNG, ĐOÀN THỂ VÀ CƠ QUAN", 20, "Phần", None, None, None, False),
    ("III.1", "Tổ chức cơ sở đảng trong sạch, vững mạnh", 5, "Tiêu chí", None, None, None, False),
    ("III.2", "Các tổ chức đoàn thể vững mạnh", 5, "Tiêu chí", None, None, None, False),
    ("III.3", "Thực hiện dân chủ cơ sở, phòng, chống tham nhũng, tiêu cực", 5, "Tiêu chí", None, None, None, False),
    ("III.4", "Quản lý, sử dụng tài chính, tài sản công đúng quy định", 5, "Tiêu chí", None, None, None, False),
    ("IV", "CÔNG TÁC XÃ HỘI, NHÂN ĐẠO; VĂN HÓA, THỂ THAO", 10, "Phần", None, None, None, False),
    ("IV.1", "Tham gia các cuộc vận động, ủng hộ các quỹ", 5, "Tiêu chí", None, None, None, False),
    ("IV.2", "Tổ chức, tham gia hoạt động văn hóa, văn nghệ, thể thao", 5, "Tiêu chí", None, None, None, False),
    ("V", "ĐIỂM CỘNG (tổng không quá 10 điểm)", None, "Phần", None, 10, None, False),
    ("V.1", "Được khen thưởng cấp Nhà nước, Thủ tướng Chính phủ", None, "Cộng", 2, 4, "2 điểm/lượt, tối đa 4 điểm", False),
    ("V.2", "Sáng kiến, mô hình mới được công nhận", None, "Cộng", 1, 3, "1 điểm/sáng kiến, tối đa 3 điểm", False),
    ("V.3", "Đăng cai tổ chức hoạt động của Cụm", None, "Cộng", 1, 2, "1 điểm/lần, tối đa 2 điểm", False),
    ("V.4", "Hoàn thành xuất sắc nhiệm vụ đột xuất, được biểu dương", None, "Cộng", 1, 1, None, False),
    ("VI", "ĐIỂM TRỪ", None, "Phần", None, None, None, False),
    ("VI.1", "Có cán bộ bị kỷ luật từ khiển trách trở lên", None, "Trừ", 3, None, "Trừ 3 điểm/trường hợp; không xét Cờ thi đua", True),
    ("VI.2", "Vắng mặt hoạt động của Cụm không có lý do", None, "Trừ", 1, None, "Trừ 1 điểm/lần", False),
    ("VI.3", "Nộp bảng tự chấm điểm, báo cáo chậm", None, "Trừ", 1, None, "Trừ 1 điểm/lần", False),
]

CAN_THO = {
    "file": "khoi-dang-can-tho-2018",
    "kind": "Khối",
    "name": "Khối thi đua các cơ quan Đảng",
    "parent": "Thành ủy Cần Thơ",
    "year": 2018,
    "place": "Cần Thơ",
    "date": (2018, 4, 13),
    "number": "01/GƯ-KTĐ" + VD,
    "theme": "Kiện toàn tổ chức bộ máy hệ thống chính trị thành phố tinh gọn, hiệu lực, hiệu quả; "
             "đẩy mạnh phát triển kinh tế - xã hội, nâng cao đời sống nhân dân",
    "slogan": "Trung thành, sáng tạo, tận tụy, gương mẫu",
    "recipients_one_cell": True,
    "recipients": ["Thường trực Thành ủy (để báo cáo)", "Các cơ quan, đơn vị trong Khối thi đua"],
    # order, code, name, role, authority, title, signer
    "units": [
        (1, "VPTU", "Văn phòng Thành ủy", "Thành viên", None, "CHÁNH VĂN PHÒNG", "Nguyễn Văn A" + VD),
        (2, "BTC", "Ban Tổ chức Thành ủy", "Khối phó", None, "TRƯỞNG BAN", "Trần Thị B" + VD),
        (3, "BTG", "Ban Tuyên giáo Thành ủy", "Thành viên", None, "TRƯỞNG BAN", "Lê Văn C" + VD),
        (4, "BDV", "Ban Dân vận Thành ủy", "Thành viên", None, "TRƯỞNG BAN", "Phạm Thị D" + VD),
        (5, "BNC", "Ban Nội chính Thành ủy", "Thành viên", None, "TRƯỞNG BAN", "Hoàng Văn E" + VD),
        (6, "UBKT", "Ủy ban Kiểm tra Thành ủy", "Thành viên", None, "CHỦ NHIỆM", "Huỳnh Thị G" + VD),
        (7, "BCT", "Báo Cần Thơ", "Thành viên", None, "TỔNG BIÊN TẬP", "Võ Văn H" + VD),
        (8, "TCT", "Trường Chính trị thành phố", "Thành viên", None, "HIỆU TRƯỞNG", "Đặng Thị K" + VD),
        (9, "BBVSK", "Ban Bảo vệ, chăm sóc sức khỏe cán bộ Thành ủy", "Thành viên", None,
         "TRƯỞNG BAN", "Bùi Văn L" + VD),
        (10, "DUKDCD", "Đảng ủy khối cơ quan Dân Chính Đảng", "Khối trưởng", None, "BÍ THƯ", "Lê Văn Thành"),
        (11, "DUKCXCN", "Đảng ủy các khu Chế xuất và Công nghiệp", "Thành viên", None, "BÍ THƯ",
         "Đỗ Thị M" + VD),
    ],
    "bases": BASES_2018,
    "commitments": [
        "Phát động các phong trào thi đua sâu rộng trong mỗi cơ quan, đơn vị thuộc Khối thi đua, "
        "phấn đấu hoàn thành xuất sắc nhiệm vụ chính trị và các chỉ tiêu được giao theo Kế hoạch "
        "giao ước thi đua, khen thưởng năm 2018.",
        "Quan tâm chăm lo đời sống vật chất, tinh thần của đội ngũ cán bộ, công chức; xây dựng và "
        "thực hiện tốt quy chế chi tiêu nội bộ của mỗi cơ quan, đơn vị.",
        "Phát huy dân chủ cơ sở; bồi dưỡng nâng cao năng lực, trình độ chuyên môn nghiệp vụ, lý luận "
        "chính trị cho cán bộ, công chức, viên chức, gắn với cuộc vận động “Trung thành, sáng tạo, "
        "tận tụy, gương mẫu”.",
        "Mỗi cơ quan, đơn vị chủ động xây dựng kế hoạch phát động phong trào thi đua lập thành tích "
        "chào mừng các ngày kỷ niệm lịch sử của dân tộc, ngày thành lập ngành, góp phần thực hiện "
        "thắng lợi Chủ đề năm 2018 của Thành ủy.",
        "Đẩy mạnh cải cách hành chính; tăng cường giao lưu, học hỏi những cách làm hay, mới trong "
        "công tác giữa các cơ quan, đơn vị trong Khối thi đua.",
        "Từng cơ quan, đơn vị phân công cán bộ phụ trách công tác thi đua, khen thưởng và cử cán bộ "
        "tham gia công tác thi đua, khen thưởng của Khối.",
    ],
    "targets": [
        "100% cơ quan, đơn vị xây dựng kế hoạch và phát động phong trào thi đua năm 2018" + VD + ".",
        "100% cơ quan, đơn vị gửi báo cáo và bảng tự chấm điểm đúng thời hạn" + VD + ".",
        "Không có cán bộ, công chức bị kỷ luật từ khiển trách trở lên" + VD + ".",
    ],
    "implementation": [
        "Khối trưởng hướng dẫn, theo dõi, đôn đốc việc thực hiện Giao ước; tổng hợp kết quả chấm "
        "điểm và tổ chức bình xét cuối năm.",
        "Các cơ quan, đơn vị gửi báo cáo và Bảng tự chấm điểm về Khối trưởng đúng thời gian quy định.",
    ],
    "awards": [
        ("Cờ thi đua của Ban Thường vụ Thành ủy" + VD, 1, 95, True),
        ("Bằng khen của Ban Thường vụ Thành ủy" + VD, 2, 90, False),
    ],
    "notes": [
        "Dữ liệu VÍ DỤ, dựng từ bản tin “Khối thi đua các cơ quan Đảng tổ chức Hội nghị triển khai "
        "công tác thi đua, khen thưởng và ký kết Giao ước thi đua năm 2018” (13/04/2018).",
        "Theo bản tin: danh sách đơn vị và thứ tự, ngày ký 13/04/2018, Khối trưởng là Đảng ủy khối "
        "cơ quan Dân Chính Đảng (đồng chí Lê Văn Thành, Bí thư), nội dung giao ước, chủ đề năm 2018 "
        "của Thành ủy và cuộc vận động “Trung thành, sáng tạo, tận tụy, gương mẫu”.",
        "Bản tin nói 12 cơ quan, đơn vị ký nhưng chỉ kể tên 11: ở đây chỉ có 11 đơn vị đó.",
        "Là ví dụ (không có trong bản tin): Khối phó, tên người ký khác (ghi “(ví dụ)”), chức vụ, "
        "số ký hiệu, chỉ tiêu, tổ chức thực hiện, nơi nhận, bảng tiêu chí (bảng mẫu của domain.md), "
        "hình thức khen thưởng.",
    ],
}

HA_NOI = {
    "file": "cum-xii-ha-noi-2018",
    "kind": "Cụm",
    "name": "Cụm thi đua số XII",
    "parent": "Hội đồng Thi đua - Khen thưởng thành phố Hà Nội" + VD,
    "year": 2018,
    "place": "Hà Nội",
    "date": (2018, 1, 11),
    "number": "01/GƯ-CTĐ" + VD,
    "theme": "Trách nhiệm - Kỷ cương - Chuyên nghiệp",
    "slogan": None,
    "recipients_one_cell": False,
    "recipients": ["Hội đồng Thi đua - Khen thưởng thành phố (để báo cáo)", "Các đơn vị trong Cụm"],
    "units": [
        (1, "BHXH", "Bảo hiểm xã hội thành phố Hà Nội", "Cụm trưởng", None, "GIÁM ĐỐC", "Nguyễn Văn A" + VD),
        (2, "CT", "Cục Thuế thành phố Hà Nội", "Thành viên", None, "CỤC TRƯỞNG", "Trần Văn B" + VD),
        (3, "HQ", "Cục Hải quan thành phố Hà Nội", "Thành viên", None, "CỤC TRƯỞNG", "Lê Thị C" + VD),
        (4, "KBNN", "Kho bạc Nhà nước thành phố Hà Nội", "Thành viên", None, "GIÁM ĐỐC", "Phạm Văn D" + VD),
        (5, "NHNN", "Ngân hàng Nhà nước Chi nhánh Hà Nội", "Thành viên", None, "GIÁM ĐỐC", "Hoàng Thị E" + VD),
        (6, "CTK", "Cục Thống kê thành phố Hà Nội", "Thành viên", "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG",
         "Vũ Văn G" + VD),
        (7, "EVNHANOI", "Tổng Công ty Điện lực Thành phố Hà Nội", "Thành viên", None, "TỔNG GIÁM ĐỐC",
         "Đặng Văn H" + VD),
        (8, "TTKD-VNPT", "Trung tâm kinh doanh VNPT - Hà Nội", "Thành viên", None, "GIÁM ĐỐC",
         "Bùi Thị K" + VD),
        (9, "VNPT", "VNPT Hà Nội", "Thành viên", None, "GIÁM ĐỐC", "Đỗ Văn L" + VD),
        (10, "BĐHN", "Bưu điện thành phố Hà Nội", "Cụm phó", None, "GIÁM ĐỐC", "Ngô Thị M" + VD),
    ],
    "bases": BASES_2018,
    "commitments": [
        "Xây dựng kế hoạch tổ chức triển khai và nỗ lực thực hiện thắng lợi nhiệm vụ chính trị và "
        "công tác đột xuất được giao.",
        "Phát động các đợt thi đua chào mừng kỷ niệm các ngày lễ lớn của đất nước, Thủ đô, của mỗi "
        "ngành, gắn với thực hiện tốt các nhiệm vụ trọng tâm của Thành phố năm 2018 về “Năm nâng cao "
        "hiệu lực, hiệu quả hoạt động của hệ thống chính trị”.",
        "Thi đua thực hiện có hiệu quả các phong trào thi đua chuyên đề; nâng cao chất lượng đội ngũ "
        "cán bộ, công chức, viên chức, người lao động với tinh thần “Trách nhiệm - Kỷ cương - Chuyên "
        "nghiệp”, phục vụ tốt nhất người dân và doanh nghiệp.",
        "Tiếp tục đẩy mạnh việc “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”.",
        "Thực hiện hiệu quả công tác bình xét các danh hiệu thi đua và hình thức khen thưởng, bảo đảm "
        "tính kịp thời, chính xác.",
        "Thực hiện có hiệu quả phong trào “Uống nước nhớ nguồn, đền ơn đáp nghĩa”, tích cực tham gia "
        "các hoạt động từ thiện; tổ chức hoạt động văn nghệ, thể thao chào mừng các ngày lễ lớn của "
        "đất nước.",
    ],
    "targets": [
        "100% đơn vị trong Cụm hoàn thành nhiệm vụ chính trị được giao năm 2018" + VD + ".",
        "100% đơn vị đăng ký và phát động phong trào thi đua theo chủ đề “Trách nhiệm - Kỷ cương - "
        "Chuyên nghiệp”" + VD + ".",
        "Mỗi đơn vị có ít nhất một mô hình, giải pháp mới trong công tác thi đua" + VD + ".",
    ],
    "implementation": [
        "Tổ chức Kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc, trao đổi "
        "kinh nghiệm các mô hình, giải pháp mới trong công tác thi đua giữa các đơn vị trong Cụm.",
        "Tổ chức tặng quà cho gia đình cán bộ, công chức, viên chức và người lao động gặp khó khăn.",
        "Tổ chức sơ kết công tác của Cụm; tổ chức Hội nghị tổng kết công tác và phương hướng, nhiệm vụ "
        "công tác năm tiếp theo.",
    ],
    "scoring": {"step": 0.25, "cross": False, "drop": False,
                "tiebreaks": ["base", "section:I", "fewer-deductions", "vote"]},
    "awards": [
        ("Cờ thi đua của UBND thành phố", 1, 95, True),
        ("Bằng khen của UBND thành phố", 2, 90, False),
    ],
    "notes": [
        "Dữ liệu VÍ DỤ, dựng từ bản tin “Cụm thi đua số XII ký giao ước thi đua năm 2018” "
        "(12/01/2018).",
        "Theo bản tin: 10 đơn vị và thứ tự, ngày ký 11/01/2018, Cụm trưởng BHXH thành phố Hà Nội, "
        "Cụm phó Bưu điện thành phố Hà Nội, chủ đề “Trách nhiệm - Kỷ cương - Chuyên nghiệp”, nội "
        "dung cam kết và kế hoạch hoạt động của Cụm.",
        "Là ví dụ (không có trong bản tin): tên người ký (ghi “(ví dụ)”), chức vụ, quyền hạn ký, cơ "
        "quan chủ quản, số ký hiệu, chỉ tiêu, nơi nhận, bảng tiêu chí (bảng mẫu của domain.md), "
        "cách chấm (bước điểm, tiêu chí xếp hạng phụ), hình thức khen thưởng.",
    ],
}

# Tie-break rules: the XML names and the workbook's wording.
def TIEBREAK_LABEL(t):
    if t.startswith("section:"):
        return "Điểm Phần " + t[8:]
    return {"base": "Tổng điểm các phần chính", "fewer-deductions": "Ít điểm trừ hơn",
            "more-bonus": "Nhiều điểm cộng hơn", "vote": "Biểu quyết"}[t]


# ---- flat ODS --------------------------------------------------------------

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)

STYLES = """ <office:font-face-decls>
  <style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" style:font-family-generic="swiss" style:font-pitch="variable" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="table-cell">
   <style:paragraph-properties style:tab-stop-distance="1.25cm"/>
   <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="vi" fo:country="VN"/>
  </style:default-style>
  <number:date-style style:name="NDate">
   <number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>
  </number:date-style>
  <style:style style:name="Default" style:family="table-cell"/>
 </office:styles>
 <office:automatic-styles>
%(columns)s
  <style:style style:name="ro1" style:family="table-row">
   <style:table-row-properties style:use-optimal-row-height="true"/>
  </style:style>
  <style:style style:name="ceHead" style:family="table-cell" style:parent-style-name="Default">
   <style:table-cell-properties fo:background-color="#dde8cb" style:vertical-align="middle"/>
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="ceWrap" style:family="table-cell" style:parent-style-name="Default">
   <style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>
  </style:style>
  <style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="NDate">
   <style:table-cell-properties style:vertical-align="top"/>
  </style:style>
  <style:style style:name="ceHint" style:family="table-cell" style:parent-style-name="Default">
   <style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>
   <style:text-properties fo:font-style="italic" fo:color="#555555"/>
  </style:style>
 </office:automatic-styles>
"""


def num_text(v):
    s = ("%g" % v) if isinstance(v, float) else str(v)
    return s.replace(".", ",")


def paras(text):
    return "".join("<text:p>%s</text:p>" % escape(line) for line in text.split("\n"))


def cell(v, style=None):
    st = ' table:style-name="%s"' % style if style else ""
    if v is None or v == "":
        return "<table:table-cell%s/>" % st
    if isinstance(v, bool):
        return ('<table:table-cell%s office:value-type="boolean" office:boolean-value="%s">'
                "<text:p>%s</text:p></table:table-cell>" % (st, "true" if v else "false",
                                                         "TRUE" if v else "FALSE"))
    if isinstance(v, (int, float)):
        return ('<table:table-cell%s office:value-type="float" office:value="%s">'
                "<text:p>%s</text:p></table:table-cell>" % (st, v, num_text(v)))
    if isinstance(v, tuple) and v[0] == "date":
        y, m, d = v[1]
        return ('<table:table-cell table:style-name="ceDate" office:value-type="date" '
                'office:date-value="%04d-%02d-%02d"><text:p>%02d/%02d/%04d</text:p></table:table-cell>'
                % (y, m, d, d, m, y))
    return '<table:table-cell%s office:value-type="string">%s</table:table-cell>' % (st, paras(v))


def sheet_xml(name, widths, header, rows, colnames, hint_col=None):
    out = ['  <table:table table:name="%s">' % escape(name, {'"': "&quot;"})]
    for w in widths:
        out.append('   <table:table-column table:style-name="%s" table:default-cell-style-name="ceWrap"/>'
                   % colnames[w])
    out.append('   <table:table-header-rows><table:table-row table:style-name="ro1">%s</table:table-row>'
               "</table:table-header-rows>" % "".join(cell(h, "ceHead") for h in header))
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            cells.append(cell(v, "ceHint" if hint_col is not None and i == hint_col else None))
        out.append('   <table:table-row table:style-name="ro1">%s</table:table-row>' % "".join(cells))
    out.append("  </table:table>")
    return "\n".join(out)


def fods(sheets, title):
    widths = sorted({w for s in sheets for w in s[1]})
    colnames = {w: "co%d" % i for i, w in enumerate(widths)}
    columns = "\n".join(
        '  <style:style style:name="%s" style:family="table-column">'
        '<style:table-column-properties fo:break-before="auto" style:column-width="%gcm"/></style:style>'
        % (colnames[w], w) for w in widths)
    body = "\n".join(sheet_xml(*s[:4], colnames=colnames, hint_col=s[4] if len(s) > 4 else None)
                     for s in sheets)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document %s office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
            " <office:meta><dc:title>%s</dc:title><dc:language>vi-VN</dc:language></office:meta>\n"
            "%s"
            " <office:body>\n  <office:spreadsheet>\n%s\n  </office:spreadsheet>\n </office:body>\n"
            "</office:document>\n" % (NS, escape(title), STYLES % {"columns": columns}, body))


CUM_HEADER = ["Mục", "Giá trị"]
UNIT_HEADER = ["Thứ tự", "Mã", "Tên đơn vị", "Vai trò", "Quyền hạn ký", "Chức vụ", "Người ký"]
CRIT_HEADER = ["Mã", "Nội dung", "Điểm chuẩn", "Loại", "Điểm mỗi lần", "Tối đa", "Ghi chú", "Không xét khen"]
AWARD_HEADER = ["Hình thức", "Số lượng", "Điểm tối thiểu", "Cần biểu quyết"]
W_UNITS = [1.6, 2.6, 8, 3, 3.6, 4.2, 5.2]
W_CRIT = [1.6, 12, 2.4, 2.2, 2.6, 2, 6, 3]
CRIT_HEADER_FULL = ["Mã", "Nội dung", "Điểm chuẩn", "Loại", "Cách chấm", "Điểm mỗi lần", "Tối đa",
                    "Điểm sàn", "Giữ điểm chuẩn", "Đơn vị tính", "Đơn vị chấm", "Không xét khen", "Ghi chú"]
W_CRIT_FULL = [1.6, 12, 2.4, 2.2, 3.2, 2.6, 2, 2, 2.6, 2.4, 2.6, 4, 6]
BODY_HEADER = ["Mã", "Tên"]
TARGET_HEADER = ["Đơn vị", "Tiêu chí", "Chỉ tiêu"]
BAND_HEADER = ["Xếp loại", "Điểm tối thiểu", "Tiêu chí không dưới (%)", "Phần không dưới (%)"]
AWARD_HEADER_FULL = ["Hình thức", "Số lượng", "Điểm tối thiểu", "Cần biểu quyết", "Xếp loại tối thiểu",
                     "Tiêu chí không dưới (%)"]


def cluster_sheets(c):
    rows = [["Loại", c["kind"]], ["Tên", c["name"]]]
    if c.get("parent"):
        rows.append(["Cơ quan chủ quản", c["parent"]])
    rows += [["Năm", c["year"]], ["Địa danh", c["place"]], ["Ngày ký", ("date", c["date"])]]
    for key, label in (("number", "Số ký hiệu"), ("theme", "Chủ đề"), ("slogan", "Khẩu hiệu")):
        if c.get(key):
            rows.append([label, c[key]])
    if c["recipients_one_cell"]:
        rows.append(["Nơi nhận", "\n".join(c["recipients"])])
    else:
        rows += [["Nơi nhận", r] for r in c["recipients"]]
    sc = c.get("scoring")
    if sc:
        rows.append(["Bước điểm", sc["step"]])
        rows.append(["Chấm chéo", "Có" if sc["cross"] else "Không"])
        if sc["cross"]:
            rows.append(["Bỏ điểm cao nhất và thấp nhất", "Có" if sc["drop"] else "Không"])
        rows.append(["Tiêu chí xếp hạng phụ", "\n".join(TIEBREAK_LABEL(t) for t in sc["tiebreaks"])])
    # empty Cộng / Trừ cells count 0 (a unit with no bonus leaves them empty)
    rows.append(["Ô trống tính là 0", "Cộng\nTrừ"])
    units = [[o, code, name, role, auth, title, signer]
             for (o, code, name, role, auth, title, signer) in c["units"]]
    bases = [[b] for b in c["bases"]]
    content = ([["Cam kết", t] for t in c["commitments"]] +
               [["Chỉ tiêu", t] for t in c["targets"]] +
               [["Tổ chức thực hiện", t] for t in c["implementation"]])
    crit = [[code, text, mx, kind, per, cap, note, "x" if dq else None]
            for (code, text, mx, kind, per, cap, note, dq) in CRITERIA]
    awards = [[n, q, mn, "Có" if v else "Không"] for (n, q, mn, v) in c["awards"]]
    notes = [[n] for n in c["notes"]]
    return [
        ("Cụm", [4, 16], CUM_HEADER, rows),
        ("Đơn vị", W_UNITS, UNIT_HEADER, units),
        ("Căn cứ", [22], ["Căn cứ"], bases),
        ("Nội dung", [4, 20], ["Mục", "Nội dung"], content),
        ("Tiêu chí", W_CRIT, CRIT_HEADER, crit),
        ("Khen thưởng", [10, 2.4, 3, 3.4], AWARD_HEADER, awards),
        ("Ghi chú", [22], ["Ghi chú"], notes),
    ]


# ---- a council-style table (domain.md §4a) --------------------------------------
# Every name and number here is an example (ví dụ); the shapes are those
# councils publish: decimal codes (Công an cluster tools), a rule inside a
# criterion ("Thực hiện chế độ báo cáo (10 điểm): chậm 1 lần trừ 0,5 điểm"),
# định lượng items against each unit's target (one led by the cluster's
# leader), a scoring body (the provincial office scores the reports, as
# Thống kê Hưng Yên's offices do), a published total kept although its
# items add up otherwise (Hưng Yên), Nghệ An's classification bands, the
# "không quá 20%" quota of CV 5007/BNV-TĐKT, two groups ranked apart.

# code, content, max, kind, method, per event, cap, floor, keep, measure, body, bars, note
COUNCIL_CRITERIA = [
    ("I", "CÔNG TÁC CHUYÊN MÔN, NGHIỆP VỤ", 60, "Phần", None, None, None, None, None, None, None, None, None),
    ("I.1", "Kết quả thực hiện nhiệm vụ được giao", 40, "Tiêu chí", None, None, None, None, None, None, None, None, None),
    ("I.1.1", "Giải quyết hồ sơ thủ tục hành chính theo chỉ tiêu giao (đơn vị dẫn đầu Cụm đạt điểm tối đa)",
     20, None, "Dẫn đầu cụm", None, None, None, None, "hồ sơ", None, None,
     "Đạt chỉ tiêu: 10 điểm; dẫn đầu Cụm: 20 điểm; chưa đạt: tính theo tỉ lệ"),
    ("I.1.2", "Tỉ lệ hồ sơ giải quyết đúng hạn so với chỉ tiêu giao", 10, None, "Định lượng", None, None, None, None,
     "%", None, None, None),
    ("I.1.3", "Ban hành đầy đủ văn bản theo kế hoạch năm", 10, None, "Định tính", None, None, None, None, None, None,
     None, "Đạt: 10 điểm; không đạt: 0"),
    ("I.2", "Thực hiện chế độ thông tin, báo cáo (10 điểm)", 10, "Tiêu chí", None, None, None, 0, None, None, "VPUB",
     None, "Văn phòng UBND tỉnh chấm (ví dụ)"),
    ("I.2.1", "Chậm 1 lần trừ 0,5 điểm", None, "Trừ", None, 0.5, None, None, None, "lần", None, None, None),
    ("I.3", "Cải cách hành chính, chuyển đổi số", 10, "Tiêu chí", None, None, None, None, None, None, None, None, None),
    ("I.3.1", "Sáng kiến được công nhận: cộng 0,5 điểm/sáng kiến, tối đa 1 điểm", None, "Cộng", None, 0.5, 1, None,
     None, "sáng kiến", None, None, None),
    ("II", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG", 25, "Phần", None, None, None, None, None, None, None, None, None),
    ("II.1", "Ban hành kế hoạch, phát động phong trào thi đua", 10, None, "Định tính", None, None, None, None, None,
     None, None, None),
    ("II.2", "Tham gia đầy đủ các hoạt động do Cụm tổ chức", 15, None, None, None, None, None, None, None, None, None,
     None),
    ("III", "XÂY DỰNG ĐẢNG, ĐOÀN THỂ (tổng đã công bố 15 điểm)", 15, "Phần", None, None, None, None, "x", None, None,
     None, "Các tiêu chí cộng lại 20 điểm; giữ điểm chuẩn 15 như bảng đã công bố (ví dụ)"),
    ("III.1", "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", 10, None, None, None, None, None, None, None, None,
     None, None),
    ("III.2", "Các đoàn thể vững mạnh", 10, None, None, None, None, None, None, None, None, None, None),
    ("IV", "ĐIỂM THƯỞNG (tổng không quá 5 điểm)", None, "Cộng", None, None, 5, None, None, None, None, None, None),
    ("IV.1", "Được tặng Cờ thi đua, Bằng khen cấp tỉnh trở lên", None, None, None, 2, 4, None, None, "lượt", None,
     None, "2 điểm/lượt, tối đa 4 điểm"),
    ("IV.2", "Đăng cai tổ chức hoạt động của Cụm", None, None, None, 1, 2, None, None, "lần", None, None,
     "1 điểm/lần, tối đa 2 điểm"),
    ("V", "ĐIỂM TRỪ", None, "Trừ", None, None, None, None, None, None, None, None, None),
    ("V.1", "Có cán bộ bị kỷ luật từ khiển trách trở lên", None, None, None, 3, None, None, None, "trường hợp", None,
     "Cờ thi đua của UBND tỉnh (ví dụ)", "Trừ 3 điểm/trường hợp; không xét Cờ thi đua"),
    ("V.2", "Không đăng ký thi đua đúng thời hạn", None, "Điều kiện", None, None, None, None, None, None, None,
     "Tất cả", "Có: không xét mọi hình thức khen thưởng"),
]

COUNCIL = {
    "file": "cum-so-nganh-tinh-2024",
    "kind": "Cụm",
    "name": "Cụm thi đua số III các sở, ban, ngành tỉnh" + VD,
    "parent": "Hội đồng Thi đua - Khen thưởng tỉnh" + VD,
    "year": 2024,
    "place": "Vinh",
    "date": (2024, 2, 20),
    "number": "01/GƯ-CTĐ" + VD,
    "theme": "Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển" + VD,
    "recipients": ["Hội đồng Thi đua - Khen thưởng tỉnh (để báo cáo)", "Các đơn vị trong Cụm"],
    # order, code, name, role, authority, title, signer, group
    "units": [
        (1, "STP", "Sở Tư pháp" + VD, "Cụm trưởng", None, "GIÁM ĐỐC", "Nguyễn Văn A" + VD, "Khối tổng hợp"),
        (2, "SNV", "Sở Nội vụ" + VD, "Cụm phó", None, "GIÁM ĐỐC", "Trần Thị B" + VD, "Khối tổng hợp"),
        (3, "TTR", "Thanh tra tỉnh" + VD, "Thành viên", None, "CHÁNH THANH TRA", "Lê Văn C" + VD, "Khối tổng hợp"),
        (4, "STC", "Sở Tài chính" + VD, "Thành viên", None, "GIÁM ĐỐC", "Phạm Thị D" + VD, "Khối kinh tế"),
        (5, "SKH", "Sở Kế hoạch và Đầu tư" + VD, "Thành viên", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn E" + VD,
         "Khối kinh tế"),
        (6, "SCT", "Sở Công Thương" + VD, "Thành viên", None, "GIÁM ĐỐC", "Vũ Thị G" + VD, "Khối kinh tế"),
    ],
    "bases": [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, khen thưởng",
    ],
    "commitments": [
        "Hoàn thành toàn diện các chỉ tiêu, nhiệm vụ được giao năm 2024" + VD + ".",
        "Thực hiện nghiêm chế độ thông tin, báo cáo; đẩy mạnh cải cách hành chính, chuyển đổi số" + VD + ".",
    ],
    "targets": ["100% hồ sơ thủ tục hành chính được giải quyết đúng hạn" + VD + "."],
    "implementation": ["Cụm trưởng hướng dẫn, theo dõi, tổng hợp kết quả chấm điểm và tổ chức bình xét cuối năm" + VD + "."],
    "bodies": [("VPUB", "Văn phòng Ủy ban nhân dân tỉnh" + VD)],
    # unit, criterion, target
    "unit_targets": [(u, "I.1.1", t) for u, t in (("STP", 1200), ("SNV", 800), ("TTR", 300), ("STC", 1500),
                                                   ("SKH", 1000), ("SCT", 900))] +
                    [(u, "I.1.2", 95) for u in ("STP", "SNV", "TTR", "STC", "SKH", "SCT")],
    # Nghệ An QĐ 21/2020 style: a minimum total and no criterion (the third band: no part)
    # below a share of its maximum
    "bands": [("Hoàn thành xuất sắc nhiệm vụ", 90, 85, None), ("Hoàn thành tốt nhiệm vụ", 80, 80, None),
              ("Hoàn thành nhiệm vụ", 70, None, 70), ("Không hoàn thành nhiệm vụ", None, None, None)],
    # name, quota, min total, vote, min band, min criterion %
    "awards_full": [
        ("Cờ thi đua của UBND tỉnh" + VD, 1, 95, True, "Hoàn thành xuất sắc nhiệm vụ", 85),
        ("Bằng khen của Chủ tịch UBND tỉnh" + VD, "không quá 20%", 90, False, "Hoàn thành tốt nhiệm vụ", None),
        ("Giấy khen của Hội đồng Thi đua - Khen thưởng tỉnh" + VD, "Không giới hạn", None, False,
         "Hoàn thành nhiệm vụ", None),
    ],
    "notes": [
        "Dữ liệu VÍ DỤ theo cách các hội đồng thi đua viết bảng tiêu chí (xem docs/data-format.md): mã thập "
        "phân (II.1.1), quy tắc trừ điểm trong một tiêu chí, tiêu chí định lượng theo chỉ tiêu giao từng đơn "
        "vị, tiêu chí do một cơ quan khác chấm, xếp loại theo mức điểm và tỉ lệ tối thiểu, số lượng khen "
        "thưởng theo tỉ lệ “không quá 20%”, hai nhóm đơn vị xếp hạng riêng.",
        "Mọi tên cơ quan, người ký, chỉ tiêu và số liệu đều là ví dụ, không phải văn bản chính thức.",
    ],
}


def council_sheets(c):
    rows = [["Loại", c["kind"]], ["Tên", c["name"]], ["Cơ quan chủ quản", c["parent"]], ["Năm", c["year"]],
            ["Địa danh", c["place"]], ["Ngày ký", ("date", c["date"])], ["Số ký hiệu", c["number"]],
            ["Chủ đề", c["theme"]], ["Nơi nhận", "\n".join(c["recipients"])], ["Bước điểm", 0.25],
            ["Tiêu chí xếp hạng phụ", "Tổng điểm các phần chính\nĐiểm Phần I\nBiểu quyết"],
            ["Ô trống tính là 0", "Cộng\nTrừ"]]
    units = [list(u) for u in c["units"]]
    crit = [[v if v is not None else None for v in r] for r in COUNCIL_CRITERIA]
    targets = [[u, k, t] for (u, k, t) in c["unit_targets"]]
    bands = [[n, m, p, q] for (n, m, p, q) in c["bands"]]
    awards = [[n, q, mn, "Có" if v else "Không", b, p] for (n, q, mn, v, b, p) in c["awards_full"]]
    return [
        ("Cụm", [4, 16], CUM_HEADER, rows),
        ("Đơn vị", W_UNITS + [3], UNIT_HEADER + ["Nhóm"], units),
        ("Căn cứ", [22], ["Căn cứ"], [[b] for b in c["bases"]]),
        ("Nội dung", [4, 20], ["Mục", "Nội dung"],
         [["Cam kết", t] for t in c["commitments"]] + [["Chỉ tiêu", t] for t in c["targets"]] +
         [["Tổ chức thực hiện", t] for t in c["implementation"]]),
        ("Đơn vị chấm", [3, 12], BODY_HEADER, [list(b) for b in c["bodies"]]),
        ("Tiêu chí", W_CRIT_FULL, CRIT_HEADER_FULL, crit),
        ("Chỉ tiêu giao", [3, 3, 3], TARGET_HEADER, targets),
        ("Xếp loại", [8, 3, 4, 4], BAND_HEADER, bands),
        ("Khen thưởng", [10, 3.4, 3, 3.4, 6, 4], AWARD_HEADER_FULL, awards),
        ("Ghi chú", [22], ["Ghi chú"], [[n] for n in c["notes"]]),
    ]


# ---- the integration tests' rules cluster ------------------------------------------
# tests/fixtures/rules-cluster.fods: every Cách chấm, rules under a criterion
# with a floor, a target and a leader row, a scoring body, a condition, empty
# Cộng / Trừ / Điều kiện cells counting 0 (tests/integration/test_rules.py
# works its totals out by hand; tests/unit/rules_fixture.c builds the same
# cluster in C). Every name and number is an example.

RULES_CRITERIA = [
    ("I", "CÔNG TÁC CHUYÊN MÔN", 60, "Phần", None, None, None, None, None, None, None, None, None),
    ("I.1", "Hoàn thành nhiệm vụ trọng tâm", 20, "Tiêu chí", None, None, None, None, None, None, None, None, None),
    ("I.2", "Chấp hành chế độ báo cáo", 10, "Tiêu chí", "Định tính", None, None, None, None, None, None, None,
     None),
    ("I.3", "Thu ngân sách", 10, "Tiêu chí", "Định lượng", None, None, None, None, "tỷ đồng", None, None, None),
    ("I.4", "Giải quyết hồ sơ đúng hạn", 10, "Tiêu chí", "Dẫn đầu cụm", None, None, None, None, "hồ sơ", None,
     None, None),
    ("I.5", "Quản lý tài chính, tài sản công", 10, "Tiêu chí", None, None, None, 5, None, None, "STC", None, None),
    ("I.5.1", "Chậm nộp báo cáo quyết toán", None, "Trừ", None, 1, None, None, None, "lần", None, None, None),
    ("I.5.2", "Báo cáo được biểu dương", None, "Cộng", "Chấm trực tiếp", None, 1, None, None, None, None, None,
     None),
    ("II", "CÔNG TÁC THI ĐUA", 40, "Phần", None, None, None, None, None, None, None, None, None),
    ("II.1", "Xây dựng kế hoạch thi đua", 20, "Tiêu chí", None, None, None, None, None, None, None, None, None),
    ("II.2", "Phong trào thi đua phát động", 20, "Tiêu chí", "Chấm thẳng", 5, None, None, None, "phong trào",
     None, None, None),
    ("III", "ĐIỂM CỘNG", None, "Cộng", None, None, 5, None, None, None, None, None, None),
    ("III.1", "Khen thưởng cấp Nhà nước", None, None, None, 2, 4, None, None, "lượt", None, None, None),
    ("III.2", "Sáng kiến được công nhận", None, None, "Chấm trực tiếp", None, 3, None, None, None, None, None,
     None),
    ("IV", "ĐIỂM TRỪ", None, "Trừ", None, None, None, None, None, None, None, None, None),
    ("IV.1", "Cán bộ bị kỷ luật", None, None, None, 3, None, None, None, "trường hợp", None, "x", None),
    ("IV.2", "Không đăng ký thi đua", None, "Điều kiện", None, None, None, None, None, None, None, "Tất cả", None),
]


def rules_fixture_sheets():
    cum = [["Loại", "Cụm"], ["Tên", "Cụm thi đua số 5" + VD], ["Cơ quan chủ quản", "Ủy ban nhân dân tỉnh" + VD],
           ["Năm", 2025], ["Địa danh", "Hưng Yên"], ["Ngày ký", ("date", (2025, 1, 15))],
           ["Ô trống tính là 0", "Cộng\nTrừ\nĐiều kiện"]]
    units = [[1, "A", "Sở Nội vụ" + VD, "Cụm trưởng", None, "GIÁM ĐỐC", "Nguyễn Văn A" + VD],
             [2, "B", "Sở Tư pháp" + VD, "Thành viên", None, "GIÁM ĐỐC", "Trần Văn B" + VD],
             [3, "C", "Sở Xây dựng" + VD, "Thành viên", None, "GIÁM ĐỐC", "Lê Văn C" + VD],
             [4, "D", "Sở Y tế" + VD, "Thành viên", None, "GIÁM ĐỐC", "Phạm Văn D" + VD]]
    targets = ([[u, "I.3", t] for u, t in (("A", 100), ("B", 80), ("C", 120), ("D", 50))] +
               [[u, "I.4", t] for u, t in (("A", 200), ("B", 150), ("C", 100), ("D", 100))])
    awards = [["Cờ thi đua của UBND tỉnh", 1, None, "Không"], ["Bằng khen của Chủ tịch UBND tỉnh", 2, None, "Không"]]
    return [
        ("Cụm", [4, 16], CUM_HEADER, cum),
        ("Đơn vị", W_UNITS, UNIT_HEADER, units),
        ("Căn cứ", [22], ["Căn cứ"], [["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15"]]),
        ("Nội dung", [4, 20], ["Mục", "Nội dung"], [["Cam kết", "Hoàn thành nhiệm vụ được giao" + VD + "."]]),
        ("Đơn vị chấm", [3, 12], BODY_HEADER, [["STC", "Sở Tài chính"]]),
        ("Tiêu chí", W_CRIT_FULL, CRIT_HEADER_FULL, [list(r) for r in RULES_CRITERIA]),
        ("Chỉ tiêu giao", [3, 3, 3], TARGET_HEADER, targets),
        ("Khen thưởng", [10, 2.4, 3, 3.4], AWARD_HEADER, awards),
    ]


# ---- XML -------------------------------------------------------------------

ROLE_XML = {"Cụm trưởng": "head", "Khối trưởng": "head", "Cụm phó": "deputy", "Khối phó": "deputy",
            "Thành viên": "member"}
KIND_XML = {"Phần": "section", "Tiêu chí": "item", "Cộng": "bonus", "Trừ": "deduction"}


def x(s):
    return escape(s)


def xa(s):
    return escape(str(s), {'"': "&quot;"})


def cluster_xml(c):
    y, m, d = c["date"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- %s -->" % " ".join(n.replace("--", "-") for n in c["notes"][:1]),
           '<cluster xmlns="urn:thidua:cluster:1" kind="%s" year="%d">'
           % ("khoi" if c["kind"] == "Khối" else "cum", c["year"]),
           "  <name>%s</name>" % x(c["name"])]
    if c.get("parent"):
        out.append("  <parent-body>%s</parent-body>" % x(c["parent"]))
    out.append("  <place>%s</place>" % x(c["place"]))
    out.append("  <signing-date>%04d-%02d-%02d</signing-date>" % (y, m, d))
    for key, el in (("number", "number"), ("theme", "theme"), ("slogan", "slogan")):
        if c.get(key):
            out.append("  <%s>%s</%s>" % (el, x(c[key]), el))
    out.append("  <recipients>")
    out += ["    <recipient>%s</recipient>" % x(r) for r in c["recipients"]]
    out.append("  </recipients>")
    out.append("  <units>")
    for (o, code, name, role, auth, title, signer) in c["units"]:
        out.append('    <unit order="%d" code="%s" role="%s">' % (o, xa(code), ROLE_XML[role]))
        out.append("      <name>%s</name>" % x(name))
        if auth:
            out.append("      <authority>%s</authority>" % x(auth))
        out.append("      <title>%s</title>" % x(title))
        out.append("      <signer>%s</signer>" % x(signer))
        out.append("    </unit>")
    out.append("  </units>")
    out.append("  <bases>")
    out += ["    <basis>%s</basis>" % x(b) for b in c["bases"]]
    out.append("  </bases>")
    out.append("  <content>")
    out += ["    <commitment>%s</commitment>" % x(t) for t in c["commitments"]]
    out += ["    <target>%s</target>" % x(t) for t in c["targets"]]
    out += ["    <implementation>%s</implementation>" % x(t) for t in c["implementation"]]
    out.append("  </content>")
    out.append("  <criteria>")
    for (code, text, mx, kind, per, cap, note, dq) in CRITERIA:
        attrs = 'code="%s" kind="%s"' % (xa(code), KIND_XML[kind])
        if mx is not None:
            attrs += ' max="%s"' % mx
        if per is not None:
            attrs += ' per-event="%s"' % per
        if cap is not None:
            attrs += ' cap="%s"' % cap
        if dq:
            attrs += ' disqualifies="true"'
        out.append("    <criterion %s>" % attrs)
        out.append("      <text>%s</text>" % x(text))
        if note:
            out.append("      <note>%s</note>" % x(note))
        out.append("    </criterion>")
    out.append("  </criteria>")
    sc = c.get("scoring")
    if sc:
        out.append('  <scoring step="%s" cross-scoring="%s" empty-zero="bonus deduction">'
                   % (sc["step"], "true" if sc["cross"] else "false"))
        for t in sc["tiebreaks"]:
            if t.startswith("section:"):
                out.append('    <tiebreak rule="section" section="%s"/>' % t[8:])
            else:
                out.append('    <tiebreak rule="%s"/>' % t)
        out.append("  </scoring>")
    out.append("  <awards>")
    for (n, q, mn, v) in c["awards"]:
        out.append('    <award quota="%d" min-total="%s" vote="%s"><name>%s</name></award>'
                   % (q, mn, "true" if v else "false", x(n)))
    out.append("  </awards>")
    out.append("</cluster>")
    return "\n".join(out) + "\n"


# ---- the empty workbook ------------------------------------------------------

EMPTY_CUM = [
    ("Loại", "Cụm hoặc Khối (bắt buộc)."),
    ("Tên", "Tên cụm/khối như in trên văn bản, ví dụ: Cụm thi đua số XII (bắt buộc)."),
    ("Cơ quan chủ quản", "Cơ quan cấp trên in ở góc trái tiêu đề, có thể để trống."),
    ("Năm", "Năm thi đua, ví dụ: 2026 (bắt buộc)."),
    ("Địa danh", "Nơi ký, ví dụ: Hà Nội (bắt buộc)."),
    ("Ngày ký", "Ô kiểu ngày, hoặc gõ 15/02/2026 (bắt buộc)."),
    ("Số ký hiệu", "Ví dụ: 01/GƯ-CTĐ; có thể để trống."),
    ("Chủ đề", "Chủ đề thi đua của năm; có thể để trống."),
    ("Khẩu hiệu", "Khẩu hiệu thi đua; có thể để trống."),
    ("Nơi nhận", "Mỗi nơi nhận một dòng trong ô (Alt+Enter), hoặc nhiều hàng “Nơi nhận”."),
    ("Bước điểm", "Điểm chấm đi theo bước 0,25 hoặc 0,5; để trống là 0,25."),
    ("Chấm chéo", "Có: mỗi đơn vị chấm các đơn vị khác; để trống là Không."),
    ("Bỏ điểm cao nhất và thấp nhất", "Khi chấm chéo: Có để bỏ một điểm cao nhất và một điểm thấp "
     "nhất trước khi lấy trung bình (khi có từ 3 điểm)."),
    ("Tiêu chí xếp hạng phụ", "Khi bằng điểm: mỗi dòng một tiêu chí, theo thứ tự: Tổng điểm các phần "
     "chính / Điểm Phần I / Ít điểm trừ hơn / Nhiều điểm cộng hơn / Biểu quyết (luôn ở cuối). Để "
     "trống: Tổng điểm các phần chính, Ít điểm trừ hơn, Biểu quyết."),
    ("Ô trống tính là 0", "Loại có ô chấm để trống được tính là 0 (mỗi dòng một loại: Tiêu chí, Cộng, "
     "Trừ, Điều kiện); loại khác để trống là lỗi."),
    ("Chứng kiến", "Cơ quan cấp trên chứng kiến việc ký giao ước (in “Dưới sự chứng kiến của …” và khối "
     "chữ ký chứng kiến); có thể để trống."),
    ("Quyền hạn ký chứng kiến", "Ví dụ: TM. HỘI ĐỒNG; để trống hoặc bắt đầu bằng TM., KT., Q., TL., TUQ."),
    ("Chức vụ chứng kiến", "Chức vụ người ký chứng kiến, ví dụ: PHÓ CHỦ TỊCH."),
    ("Người ký chứng kiến", "Họ tên người ký chứng kiến."),
    ("Phụ lục tiêu chí", "Có: in bảng tiêu chí chấm điểm làm phụ lục của bản giao ước; để trống là Không."),
    ("Số cột chữ ký", "2 hoặc 3 khối chữ ký một hàng; để trống: 3 khi số đơn vị là 3, 9, 15…, còn lại 2."),
]
EMPTY_CUM_VALUES = {"Ô trống tính là 0": "Cộng\nTrừ"}

GUIDE = [
    "Sổ dữ liệu cụm/khối thi đua của thidua. Điền các trang tính; giữ nguyên hàng tiêu đề (hàng 1). "
    "Có thể thêm cột hoặc trang tính khác: thidua bỏ qua.",
    "Cụm: mỗi mục một hàng (Mục | Giá trị); cột “Hướng dẫn” chỉ để đọc.",
    "Đơn vị: Thứ tự là thứ tự ký (không theo bảng chữ cái); Mã không trùng nhau; Vai trò là Cụm "
    "trưởng / Cụm phó / Khối trưởng / Khối phó / Thành viên (đúng một trưởng, tối đa hai phó); "
    "Quyền hạn ký để trống hoặc bắt đầu bằng TM., KT., Q., TL., TUQ.",
    "Căn cứ: mỗi văn bản một hàng, viết đủ (“Căn cứ Luật …”), không cần dấu “;” ở cuối.",
    "Nội dung: mỗi Mục là một phần của bản giao ước, in theo thứ tự (I, II, …): Cam kết, Chỉ tiêu, "
    "Tổ chức thực hiện, hoặc tên phần tự đặt như “Mục đích, yêu cầu” (để trống = như hàng trên). "
    "Mỗi hàng một nội dung, không ghi số thứ tự; các dòng trong ô (Alt+Enter) là các ý nhỏ, in như đã "
    "gõ. Cách đánh số: 1., 1), a), -, +, Một là hoặc Không.",
    "Tiêu chí: Mã I, I.1, I.1.a (hoặc chỉ 1, a dưới mục cha); Loại là Phần, Tiêu chí, Cộng, Trừ; "
    "điểm chuẩn các tiêu chí phải cộng đúng bằng điểm của phần; điểm cộng/trừ ghi ở Điểm mỗi lần "
    "và Tối đa; đánh x ở cột Không xét khen cho điểm trừ làm đơn vị không được xét hình thức khen "
    "thưởng cao nhất (ví dụ có cán bộ bị kỷ luật: không xét Cờ thi đua).",
    "Khen thưởng: Hình thức, Số lượng (một số, “20%”, “không quá 20%” hoặc “Không giới hạn”), Điểm "
    "tối thiểu, Cần biểu quyết (Có/Không), Xếp loại tối thiểu (tên ở trang Xếp loại), Tiêu chí không "
    "dưới (%).",
    "Cách chấm (trang Tiêu chí): để trống hoặc Chấm trực tiếp (đơn vị ghi số điểm); Định tính (Đạt / "
    "Không đạt); Chấm thẳng (số lần × Điểm mỗi lần, đến Tối đa; Cộng/Trừ có Điểm mỗi lần thì mặc nhiên "
    "như vậy); Định lượng (theo chỉ tiêu ở trang Chỉ tiêu giao); Dẫn đầu cụm (đơn vị dẫn đầu được điểm "
    "tối đa). Đơn vị chấm: mã ở trang Đơn vị chấm khi một cơ quan khác chấm tiêu chí đó.",
    "Xếp loại: từ cao xuống thấp; hàng cuối không có điều kiện (mọi đơn vị đều được xếp loại).",
    "Xem đủ các cột, từ ngữ và quy tắc trong docs/data-format.md.",
]


def empty_book():
    return [
        ("Cụm", [3.2, 5.4, 8], ["Mục", "Giá trị", "Hướng dẫn"],
         [[m, EMPTY_CUM_VALUES.get(m), h] for m, h in EMPTY_CUM], 2),
        ("Đơn vị", W_UNITS + [3], UNIT_HEADER + ["Nhóm"], []),
        ("Căn cứ", [22], ["Căn cứ"], []),
        ("Nội dung", [4, 20, 3], ["Mục", "Nội dung", "Cách đánh số"], []),
        ("Đơn vị chấm", [3, 12], BODY_HEADER, []),
        ("Tiêu chí", W_CRIT_FULL, CRIT_HEADER_FULL, []),
        ("Chỉ tiêu giao", [3, 3, 3], TARGET_HEADER, []),
        ("Xếp loại", [8, 3, 4, 4], BAND_HEADER, []),
        ("Khen thưởng", [10, 3.4, 3, 3.4, 6, 4], AWARD_HEADER_FULL, []),
        ("Hướng dẫn", [24], ["Hướng dẫn"], [[g] for g in GUIDE], 0),
    ]


def write(rel, text):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    for c in (CAN_THO, HA_NOI):
        write("examples/%s.fods" % c["file"], fods(cluster_sheets(c), c["name"] + " năm %d" % c["year"]))
    write("examples/%s.xml" % HA_NOI["file"], cluster_xml(HA_NOI))
    write("examples/%s.fods" % COUNCIL["file"],
          fods(council_sheets(COUNCIL), COUNCIL["name"] + " năm %d" % COUNCIL["year"]))
    write("templates/cluster-empty.fods", fods(empty_book(), "Dữ liệu cụm/khối thi đua"))
    write("tests/fixtures/rules-cluster.fods", fods(rules_fixture_sheets(), "Cụm thi đua số 5 (ví dụ)"))


if __name__ == "__main__":
    main()
