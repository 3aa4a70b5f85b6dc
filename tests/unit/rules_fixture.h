/* rules_fixture.h - a cluster that uses every Cách chấm, rules inside a
 * criterion with a floor, a scoring body, targets, a condition and the
 * "empty counts 0" setting, built in C for the unit tests. The same
 * cluster as a workbook, tests/fixtures/rules-cluster.fods (written by
 * tools/make-examples.py), is what the LibreOffice integration test
 * (tests/integration/test_rules.py) runs through `thidua`. The table and
 * the worked points are in docs/scoring-sheet.md ("Ví dụ").
 *
 *   I     CÔNG TÁC CHUYÊN MÔN                                   60
 *   I.1   Hoàn thành nhiệm vụ trọng tâm (DIRECT)               20
 *   I.2   Chấp hành chế độ báo cáo (PASS, Đạt / Không đạt)      10
 *   I.3   Thu ngân sách (TARGET, tỷ đồng)                       10
 *   I.4   Giải quyết hồ sơ đúng hạn (LEADER, hồ sơ)             10
 *   I.5   Quản lý tài chính, tài sản công (DIRECT, body STC)     10, floor 5
 *   I.5.1   Chậm nộp báo cáo quyết toán (DEDUCTION, COUNT 1/lần)
 *   I.5.2   Báo cáo được biểu dương (BONUS, DIRECT, Tối đa 1)
 *   II    CÔNG TÁC THI ĐUA                                      40
 *   II.1  Xây dựng kế hoạch thi đua (DIRECT)                    20
 *   II.2  Phong trào thi đua phát động (COUNT 5/lần)            20
 *   III   ĐIỂM CỘNG (Tối đa 5)
 *   III.1 Khen thưởng cấp Nhà nước (BONUS, COUNT 2/lần, Tối đa 4)
 *   III.2 Sáng kiến được công nhận (BONUS, DIRECT, Tối đa 3)
 *   IV    ĐIỂM TRỪ
 *   IV.1  Cán bộ bị kỷ luật (DEDUCTION, COUNT 3/lần; không xét Cờ)
 *   IV.2  Không đăng ký thi đua (CONDITION; không xét mọi hình thức)
 *
 * Units A (head), B, C, D; targets I.3: 100, 80, 120, 50; I.4: 200, 150,
 * 100, 100. Ô trống tính là 0: Cộng, Trừ, Điều kiện. */
#ifndef TD_RULES_FIXTURE_H
#define TD_RULES_FIXTURE_H

#include "model/cluster.h"

/* NULL when out of memory. Caller frees it with thidua_cluster_free,
 * which owns every field the fixture fills. */
thidua_cluster *tu_rules_cluster(void);

#endif
