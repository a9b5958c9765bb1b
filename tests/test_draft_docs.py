"""Notices typed the way offices type them (python-docx), and the same tables as a blank workbook:
the inputs of the draft tests (test_draft.py). Builders only; no tests here."""

from __future__ import annotations

from pathlib import Path

A1_SECRETARIES = ["市州委书记", "县市区委书记", "省级机关部门党组(党委)书记", "市级机关部门党组(党委)书记",
                  "县级机关部门党组(党委)书记", "乡镇、街道党工委书记", "其它基层党组织书记"]
A1_MEMBERS = ["市州委常委", "县市区委常委", "省级机关部门党组(党委)领导班子成员", "市级机关部门党组(党委)领导班子成员",
              "县级机关部门党组(党委)领导班子成员", "乡镇、街道党工委领导班子成员", "其它基层党委领导班子成员"]
ORG_BLOCKS = [["农村", "街道社区", "国有企业和金融机构", "机关部门", "高等学校", "中等职业学校和中小学"],
              ["基层医疗卫生单位", "其它事业单位", "非公有制经济组织", "社会组织", "中央和外省(区、市)在湘单位",
               "其它基层党组织"]]
A1_NOTES = ["注:①表中只统计人数,不统计人次,不重复统计;",
            "②在今年6月底前完成第一轮领导点评的列入“第一次”栏目统计,在2011年12月底前完成第二轮领导点评的列入“第二次”栏目统计;",
            "③此表统计按党组织隶属关系填报和汇总,请各区县市、市直机关、各系统创先争优活动办公室于2011年6月30日、"
            "12月30日前,分别报送市委创先争优活动办公室电子邮箱。"]
SEED_TEXT = [
    "安创先办〔2011〕2号",
    "关于切实做好2011年上半年度领导点评与群众评议工作的通知",
    "各乡镇党委,县直局以上单位党组织:",
    "一、认真开展领导点评工作。上半年度领导干部点评创先争优工作,从现在开始启动,到6月30日前基本结束。",
    "二、扎实做好群众评议工作。群众评议工作原则上要在6月30日前基本结束。",
    "认真填写《领导点评和群众评议等工作情况统计表(党员领导干部)》(附件1)、《基层党组织开展创先争优活动群众评议表》(附件4)、"
    "《党员参加创先争优活动群众评议表》(附件5),并于6月28日前,向县委创先办报送《领导点评和群众评议等工作情况统计表》"
    "(即附件1、2、3统计表)。",
    "中共安化县委创先争优活动领导小组办公室",
    "2011年6月16日",
]


def merged_table(doc, rows: list[list[str]], merges=(), repeat_header: bool = False):
    """A Word table from rows of texts; ``merges``: ((r0, c0), (r1, c1)) ranges merged (the
    first cell keeps its text, as when a clerk selects cells and merges them)."""
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for (r0, c0), (r1, c1) in merges:
        first = table.cell(r0, c0)
        text = first.text
        merged = first.merge(table.cell(r1, c1))
        merged.text = text
    if repeat_header:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    return table


def round_block(categories: list[str], width: int, metrics: list[tuple[str, bool]], corner: str = "类别",
                split_corner: bool = False):
    """One block as seed 002 prints it: 类别 over two label columns (``split_corner``: typed “类” |
    “别” in two cells, not merged); a row with rounds is its label merged down two rows beside
    第一次 / 第二次."""
    head = [corner[0], corner[1:]] if split_corner else [corner, corner]
    rows = [[*head, *categories, *[""] * (width - len(categories))]]
    merges = [] if split_corner else [((0, 0), (0, 1))]
    for metric, rounds in metrics:
        r = len(rows)
        if rounds:
            rows += [[metric, "第一次", *[""] * width], [metric, "第二次", *[""] * width]]
            merges.append(((r, 0), (r + 1, 0)))
        else:
            rows.append([metric, metric, *[""] * width])
            merges.append(((r, 0), (r, 1)))
    return rows, merges


def seed_tables() -> list[tuple[str, str, list[list[str]], list[tuple[str, bool]], list[str]]]:
    """附件1–3 of seed 002 (shared/TABLES.md): key, title, blocks, rows, notes."""
    title = "领导点评和群众评议等工作情况统计表"
    return [
        ("附件1", f"{title}(党员领导干部)", [A1_SECRETARIES, A1_MEMBERS], [("总人数", False), ("参加点评人数", True)],
         A1_NOTES),
        ("附件2", f"{title}(党组织)", ORG_BLOCKS,
         [("党组织数", False), ("已被点评党组织数", True), ("已开展群众评议党组织数", False)], []),
        ("附件3", f"{title}(党员)", ORG_BLOCKS,
         [("党员数", False), ("已被点评党员数", True), ("已被群众评议党员数", False)], []),
    ]


def add_stat_table(doc, key, title, blocks, metrics, notes, split_blocks: bool = False, block_total: str = "",
                   split_corner: bool = False):
    """``block_total``: "first" or "last", a 合计 column printed in each block there."""
    doc.add_paragraph(key)
    doc.add_paragraph(title)
    doc.add_paragraph("填报单位(盖章):\u3000\u3000\u3000\u3000\u3000\u3000填报时间:")
    if block_total:
        blocks = [["合计", *b] if block_total == "first" else [*b, "合计"] for b in blocks]
    width = max(len(b) for b in blocks)
    rows, merges = [], []
    for block in blocks:
        b_rows, b_merges = round_block(block, width, metrics, split_corner=split_corner)
        shift = len(rows)
        rows += b_rows
        merges += [((r0 + shift, c0), (r1 + shift, c1)) for (r0, c0), (r1, c1) in b_merges]
    merged_table(doc, rows, merges)
    for note in notes:
        doc.add_paragraph(note)


def seed002_docx(path: Path, forms: bool = True, **layout) -> Path:
    """The notice of seed 002 typed in Word: text, 附件1–3 with merged cells, the two forms;
    ``layout``: how its tables are typed otherwise (add_stat_table's block_total, split_corner)."""
    import docx

    doc = docx.Document()
    for line in SEED_TEXT:
        doc.add_paragraph(line)
    for key, title, blocks, metrics, notes in seed_tables():
        doc.add_page_break()
        add_stat_table(doc, key, title, blocks, metrics, notes, **layout)
    if forms:
        doc.add_page_break()
        doc.add_paragraph("附件4")
        doc.add_paragraph("基层党组织开展创先争优活动群众评议表")
        doc.add_paragraph("党组织名称:\u3000\u3000\u3000时间:  年  月  日")
        merged_table(doc, [["项目", "满意", "比较满意", "基本满意", "不满意"],
                           ["为民办实事情况", "", "", "", ""],
                           ["对党组织开展创先争优活动的基本评价", "", "", "", ""]])
        doc.add_paragraph("注:请在评议选项相应栏中打“√”。")
    doc.save(path)
    return path


# A city table typed the other way round: categories down the side (a 合计 row on top or at the
# bottom), metrics across with their units, full-width spaces in labels, a blank row, the table
# split over a page (its header row repeated), an e-mail address and one due date in the text.
CITY_CATEGORIES = ["市司法局机关", "辖市、区司法局", "律师事务所", "公证处", "基层法律服务所"]
CITY_METRICS = ["党组织数(个)", "参加评议党组织数(个)", "党员数(人)", "参加评议党员数(人)", "参加评议人数(人)",
                "其中:非中共党员合伙人(人)"]
CITY_TEXT = ["常州市司法局文件", "常司发〔2012〕6号", "关于对全系统基层党组织和党员",
             "开展创先争优活动情况进行群众评议的通知", "各辖市、区司法局,市局机关各处室,各行业党组织:",
             "二、评议时间 从2012年2月初起至2012年3月15日之前完成。",
             "请各辖市区局、行业党组织于3月15日前将本单位、行业组织开展群众评议工作总结、统计表报市局政治部。"
             "传真:85681636,电子邮箱:zzb618@163.com。", "二〇一二年二月二日"]


def spaced(label: str) -> str:
    """A label as typed with full-width spaces to spread it over the cell."""
    return "\u3000".join(label[:2]) + label[2:] if len(label) > 2 else label


def city_rows(total_on_top: bool) -> list[list[str]]:
    header = ["单位", *[spaced(m) if i % 2 == 0 else m for i, m in enumerate(CITY_METRICS)]]
    body = [[c, *[""] * len(CITY_METRICS)] for c in CITY_CATEGORIES]
    total = ["合\u3000计", *[""] * len(CITY_METRICS)]
    return [header, *([total] if total_on_top else []), *body, *([] if total_on_top else [total])]


def city_docx(path: Path, total_on_top: bool = False, pages: int = 0) -> Path:
    import docx

    doc = docx.Document()
    for line in CITY_TEXT:
        doc.add_paragraph(line)
    for n in range(pages * 30):  # filler text: about 30 paragraphs a page
        doc.add_paragraph(f"({n + 1})要认真总结开展群众评议工作的好经验好做法,建立成效工作机制,用制度巩固实践成果。" * 2)
    doc.add_page_break()
    doc.add_paragraph("附件4")
    doc.add_paragraph("全市司法行政系统群众评议创先争优活动情况统计表")
    doc.add_paragraph("填报单位(盖章):\u3000\u3000\u3000\u3000填报时间:")
    rows = city_rows(total_on_top)
    merged_table(doc, rows[:4] + [[""] * len(rows[0])], repeat_header=True)  # a blank row at the page end
    doc.add_paragraph("")
    merged_table(doc, [rows[0], *rows[4:]], repeat_header=True)  # continued on the next page
    doc.add_paragraph("注:党组织数、党员数按评议时的实有数填写。")
    doc.save(path)
    return path


def city_workbook(path: Path, total_on_top: bool = False) -> Path:
    """The same table as a blank workbook: title rows merged across, 填报单位 and 填报时间 cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件4"
    rows = city_rows(total_on_top)
    width = len(rows[0])
    ws.cell(1, 1, "附件4")
    ws.cell(2, 1, "全市司法行政系统群众评议创先争优活动情况统计表")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(3, 1, "填报单位(盖章):")
    ws.cell(3, width - 1, "填报时间:")
    for r, row in enumerate(rows, start=4):
        for c, text in enumerate(row, start=1):
            if text:
                ws.cell(r, c, text)
    ws.cell(4 + len(rows) + 1, 1, "注:党组织数、党员数按评议时的实有数填写。")
    wb.save(path)
    return path


COUNTY_TEXT = ["中共某某市委办公室", "关于开展2013年群众评议工作的通知", "某办发〔2013〕1号",
               "各县市区委:现就开展群众评议工作通知如下。请于2013年3月31日前将统计表和工作总结报市委某某办。"]


def county_docx(path: Path) -> Path:
    """A one-off notice whose table's title holds its year (2013年群众评议情况统计表)."""
    import docx

    doc = docx.Document()
    for line in COUNTY_TEXT:
        doc.add_paragraph(line)
    add_stat_table(doc, "附件1", "2013年群众评议情况统计表", [["乡镇", "县直单位", "小计"]],
                   [("组织数(个)", False), ("已评议组织数(个)", False)], ["注:小计为乡镇和县直单位之和。"])
    doc.save(path)
    return path


# A 2027 county notice as a 县委办 types it (a tester's notice): two collections named 年中统计 and
# 年终统计 with their spans of work in the body, units' and the county's due dates, 工作小结 sent
# with the tables; 附件1 categories down the side under two-row merged headings, 附件2 with a
# 践诺率(%) column the note divides, 附件3 a ledger of persons.
NOTICE_2027_TEXT = [
    "中共桃源县委办公室", "桃办发〔2027〕15号", "关于做好2027年度党员积分管理和承诺践诺情况统计工作的通知",
    "各乡镇党委,县直各单位党组(党委),县委各部委:",
    "为深入推进党员积分管理和承诺践诺工作,经县委同意,现就做好2027年度统计工作有关事项通知如下。",
    "一、统计内容。统计分年中统计和年终统计两次进行。年中统计1月1日至6月15日开展的工作,年终统计6月16日至12月10日开展的工作。",
    "二、报送时间。各单位于6月20日前报送年中统计表,12月15日前报送年终统计表;县委组织部汇总后于6月25日前、12月20日前报市委组织部。",
    "三、报送要求。各单位将附件1、附件2电子版及工作小结报送县委组织部组织科邮箱(tyzzk2027@163.com),附件3台账留存备查并随表报送。",
    "联系人:李明,电话:0736-6612345。", "附件:1.党员积分管理情况统计表", "      2.承诺践诺情况统计表",
    "      3.党员承诺践诺台账", "中共桃源县委办公室", "2027年3月8日",
]
LEDGER_2027 = ["序号", "姓名", "所在党支部", "承诺事项", "承诺时间", "完成时限", "践诺情况", "备注"]


A1_NOTE_2027 = ("注:1.“小计”为党委、党总支、党支部之和;“合计”含联合党支部等其他组织。2.积分评定等次年终填报。"
                "3.请于2027年6月20日、12月15日前报送。")


def notice_2027_docx(path: Path, text: list[str] = NOTICE_2027_TEXT, note: str = A1_NOTE_2027) -> Path:
    import docx

    doc = docx.Document()
    for line in text:
        doc.add_paragraph(line)
    doc.add_page_break()
    for line in ("附件1", "党员积分管理情况统计表", "填报单位(盖章):                    填报时间:    年  月  日"):
        doc.add_paragraph(line)
    heads = [["类别", "党组织数(个)", "党员数(人)", "参加积分管理党员数(人)", "", "积分评定等次(人)", "", "", ""],
             ["", "", "", "年中", "年终", "优秀", "合格", "基本合格", "不合格"]]
    rows = heads + [[c, *[""] * 8] for c in ["党委", "党总支", "党支部", "小计", "合计"]]
    merged_table(doc, rows, [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 4)), ((0, 5), (0, 8))])
    doc.add_paragraph(note)
    doc.add_page_break()
    for line in ("附件2", "承诺践诺情况统计表", "填报单位(盖章):                    填报时间:    年  月  日"):
        doc.add_paragraph(line)
    units = ["漳江街道", "陬市镇", "盘塘镇", "热市镇", "三阳港镇", "县直机关工委", "合计"]
    merged_table(doc, [["乡镇(单位)", "承诺党员数(人)", "承诺事项数(项)", "已践诺事项数(项)", "践诺率(%)"],
                       *[[u, "", "", "", ""] for u in units]])
    doc.add_paragraph("注:践诺率=已践诺事项数÷承诺事项数×100%。")
    doc.add_page_break()
    for line in ("附件3", "党员承诺践诺台账", "填报单位(盖章):                    填报时间:    年  月  日"):
        doc.add_paragraph(line)
    merged_table(doc, [LEDGER_2027, *[[""] * len(LEDGER_2027)] * 3])
    doc.save(path)
    return path


# A 2027 annual city notice as a 组织部 types it (a tester's notice): the work span written with
# its years, the due dates with the next year's (2028年1月10日) or as 次年1月10日; 附件1 categories
# down the side under two-row headings with units of measure, a rate column and a 备注 column, its
# note stating a rule; 附件2 a one-column table; 附件3 a list of persons kept and sent with the
# tables; a 述职报告 in Word sent with them.
def annual_text(due_year: str = "2028年") -> list[str]:
    return [
        "中共某某省委组织部", "某组通〔2027〕45号", "关于报送2027年度基层党组织书记抓基层党建述职评议考核情况的通知",
        "各市州委组织部,省直机关工委、省国资委党委:",
        "为全面了解2027年度基层党组织书记抓基层党建述职评议考核工作情况,现将有关事项通知如下。",
        "一、统计范围。本次统计2027年1月1日至2027年12月31日期间各级基层党组织书记抓基层党建述职评议考核情况,全年统计一次。",
        "二、报送内容。各单位填报《基层党组织书记抓基层党建述职评议考核情况统计表》(附件1)、《述职评议考核等次情况统计表》"
        "(附件2)、《述职人员名单》(附件3),并报送本单位述职评议考核工作的述职报告(Word格式)。",
        f"三、报送时间。各县市区委组织部、市直工委、市国资委党委请于{due_year}1月10日前将上述材料报送市委组织部组织一科;"
        f"各市州委组织部汇总后于{due_year}1月20日前报送省委组织部组织一处电子邮箱 zzyc2027@163.com。",
        "四、有关要求。表中比例按百分数填写,保留一位小数;合计数应等于各等次之和。联系人:张三,电话:0731-1234567。",
        "附件:1.基层党组织书记抓基层党建述职评议考核情况统计表", "      2.述职评议考核等次情况统计表", "      3.述职人员名单",
        "中共某某省委组织部", "2027年11月20日",
    ]


ANNUAL_A1_NOTE = "注:1.述职比例=参加述职人数÷党组织书记数×100%。2.考核等次各项之和应等于参加述职人数。3.备注栏填写未参加述职的原因等。"
ANNUAL_CATEGORIES = ["县市区委", "市直工委", "国资委党委", "教育工委", "卫健工委", "非公和社会组织党工委", "合计"]


def annual_docx(path: Path, due_year: str = "2028年") -> Path:
    import docx

    doc = docx.Document()
    for line in annual_text(due_year):
        doc.add_paragraph(line)
    unit = "填报单位(盖章):                      填报时间:"
    doc.add_page_break()
    for line in ("附件1", "基层党组织书记抓基层党建述职评议考核情况统计表", unit):
        doc.add_paragraph(line)
    heads = [["单位类别", "基层党组织数", "党组织书记数", "述职评议情况", "", "考核等次", "", "", "", "备注"],
             ["", "(个)", "(人)", "参加述职人数(人)", "述职比例(%)", "好(人)", "较好(人)", "一般(人)", "差(人)", ""]]
    merged_table(doc, heads + [[c, *[""] * 9] for c in ANNUAL_CATEGORIES],
                 [((0, 3), (0, 4)), ((0, 5), (0, 8)), ((0, 0), (1, 0)), ((0, 9), (1, 9))])
    doc.add_paragraph(ANNUAL_A1_NOTE)
    doc.add_page_break()
    for line in ("附件2", "述职评议考核等次情况统计表", unit):
        doc.add_paragraph(line)
    merged_table(doc, [["考核等次", "人数(人)", "占比(%)"], *[[r, "", ""] for r in ["好", "较好", "一般", "差", "合计"]]])
    doc.add_paragraph("注:合计应等于好、较好、一般、差之和。")
    doc.add_page_break()
    for line in ("附件3", "述职人员名单", unit):
        doc.add_paragraph(line)
    merged_table(doc, [["序号", "姓名", "职务", "所在党组织", "考核等次"], *[[str(i), "", "", "", ""] for i in range(1, 6)]])
    doc.add_paragraph("注:名单由各单位留存备查并随表报送。")
    doc.save(path)
    return path


# A new 2027 campaign's notice as a 组织部 clerk types it in Word (a tester's notice), its punctuation
# full-width as a Chinese input method types it (fw: the ASCII forms below written as they print):
# two half-years named in the sentences giving their spans and due dates (7月5日, 2028年1月10日);
# 附件1 with categories under a two-level heading (农村和社区 over 村党组织, 社区党组织), a 其中 row and
# a rate its note divides; 附件2 categories down the side, a heading over 小计 and two 其中 columns.
FULL_WIDTH = str.maketrans({"(": "\uff08", ")": "\uff09", ":": "\uff1a", ",": "\uff0c", ";": "\uff1b",
                            "=": "\uff1d", ".": "\uff0e"})


def fw(text: str) -> str:
    """A text as a Chinese input method types it: (), :, ,, ;, = and . full-width."""
    return text.translate(FULL_WIDTH)


CAMPAIGN_HALVES = ("上半年统计1月1日至6月30日的情况,请于2027年7月5日前报送;"
                   "下半年统计7月1日至12月31日的情况,请于2028年1月10日前报送。")
CAMPAIGN_A1_ROWS = ["党组织数(个)", "按规定召开支部党员大会的(个)", "按规定召开支部委员会会议的(个)",
                    "按规定召开党小组会的(个)", "开展党课的(个)", "其中:书记讲党课的(个)", "“三会一课”落实率(%)"]
CAMPAIGN_A1_NOTE = ("注:1.“合计”为各类别之和。2.“三会一课”落实率=按规定召开支部党员大会的党组织数÷党组织数×100%。"
                    "3.上半年统计1月1日至6月30日情况,下半年统计7月1日至12月31日情况。")


def campaign_text(halves: str = CAMPAIGN_HALVES) -> list[str]:
    head = [fw(x) for x in [
        "中共桃源县委组织部", "桃组通〔2027〕5号",
        "关于做好2027年度基层党组织“三会一课”落实和党员志愿服务情况统计工作的通知",
        "各乡镇党委、县直各单位党组(党委):",
        "为全面掌握全县基层党组织落实“三会一课”制度和党员参加志愿服务情况,现将有关事项通知如下:",
        "一、统计内容", "(一)基层党组织落实“三会一课”制度情况,填写《基层党组织“三会一课”落实情况统计表》(附件1)。",
        "(二)党员参加志愿服务情况,填写《党员志愿服务情况统计表》(附件2)。",
        "二、报送时间", "统计每半年进行一次。" + halves, "各单位在报送统计表的同时,报送本单位半年工作总结。", "三、有关要求"]]
    mail = "统计表电子版和工作总结请发送至县委组织部组织科邮箱tyzzk2027@163.com\u3002"  # the address keeps its dots
    tail = [fw(x) for x in ["附件:1.基层党组织“三会一课”落实情况统计表", "      2.党员志愿服务情况统计表",
                            "中共桃源县委组织部", "2027年3月15日"]]
    return [*head, mail, *tail]


def campaign_docx(path: Path, halves: str = CAMPAIGN_HALVES, a1_note: str = CAMPAIGN_A1_NOTE) -> Path:
    import docx

    doc = docx.Document()
    for line in campaign_text(halves):
        doc.add_paragraph(line)
    unit = fw("填报单位(盖章):\u3000\u3000\u3000\u3000\u3000\u3000填报时间:\u3000\u3000年\u3000\u3000月\u3000\u3000日")
    doc.add_page_break()
    for line in ("附件1", "基层党组织“三会一课”落实情况统计表", unit):
        doc.add_paragraph(line)
    heads = [["类别", "农村和社区", "", "机关和事业单位", "", "非公有制企业党组织", "社会组织党组织", "合计"],
             ["", "村党组织", "社区党组织", "机关党组织", "事业单位党组织", "", "", ""]]
    merged_table(doc, heads + [[fw(r), *[""] * 7] for r in CAMPAIGN_A1_ROWS],
                 [((0, 0), (1, 0)), ((0, 1), (0, 2)), ((0, 3), (0, 4)), ((0, 5), (1, 5)), ((0, 6), (1, 6)),
                  ((0, 7), (1, 7))])
    doc.add_paragraph(fw(a1_note))
    doc.add_page_break()
    for line in ("附件2", "党员志愿服务情况统计表", unit):
        doc.add_paragraph(line)
    heads = [["类别", fw("党员数(人)"), fw("参加志愿服务党员数(人)"), "", "", fw("开展志愿服务活动次数(次)"), fw("参与率(%)")],
             ["", "", "小计", fw("其中:女党员"), fw("其中:35岁及以下"), "", ""]]
    merged_table(doc, heads + [[c, *[""] * 6] for c in ["乡镇", "县直机关", "县直事业单位", "国有企业", "合计"]],
                 [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4)), ((0, 5), (1, 5)), ((0, 6), (1, 6))])
    doc.add_paragraph(fw("注:1.参与率=参加志愿服务党员数÷党员数×100%。2.同一党员多次参加只统计1人。3.“合计”为各类别之和。"))
    doc.save(path)
    return path
