"""The keys of every definition file, as data: what the loaders accept and what docs/通知定义.md says.

One list per kind of file (notice, table set, item set, ledger set): each key with its kind,
default, meaning and an example. The loaders refuse a key that is not here (with its line and
where it belongs, should it be a key of another part), and the reference is generated from it
(``python -m dianping_xlsx.definitions.schema > docs/通知定义.md``), held to it by a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .files import SpecError

REQUIRED = object()


@dataclass(frozen=True)
class K:
    """One key: its name, its kind in words, its default (REQUIRED: must be given), its meaning,
    an example; a section's own keys; ``free``: a section whose keys are the file's own words. The
    loaders refuse a value not of its kind (keytypes.py)."""

    name: str
    kind: str
    default: object = REQUIRED
    meaning: str = ""
    example: str = ""
    keys: tuple["K", ...] = ()
    free: bool = False
    dates: bool = False  # a TOML date (2012-03-15, no quotes) is taken too: a month-day read from it
    words: tuple[str, ...] = ()  # texts taken instead of a list (choices = "categories")

    @property
    def array(self) -> bool:
        return self.kind == "表的数组"


TEXT, NUMBER, DATE, TEXTS, BOOL, SECTION, ARRAY, INTEGER = ("文字", "数字", "日期", "文字列表", "是否", "表", "表的数组",
                                                             "整数")

PERIOD = (
    K("code", TEXT, meaning="期次代码:H1 或 H2,期次写成“年份-代码”,如 2012-H1。", example='"H1"'),
    K("name", TEXT, meaning="这一期的叫法,期次显示为“2011年上半年”“2012年群众评议”。", example='"上半年"'),
    K("due", TEXT, meaning="本级向上级报送的截止日期(月-日)。取离工作(work)结束最近的那一天:全年的工作次年1月报送时写"
      " \"01-15\" 即为次年1月15日;也可以明写 \"次年01-15\"。", example='"06-30"', dates=True),
    K("unit_due", TEXT, None, "各单位向本级报送的截止日期(月-日);晚于它的报表标为逾期。取离 due 最近的那一天(可写 \"次年01-10\")。",
      '"06-28"', dates=True),
    K("work", TEXTS, '["01-01", due]', "这一期统计的工作(点评、评议)在哪段时间完成:开始、结束(月-日);不写时从 1 月 1 日到 due,"
      "due 写“次年”时为全年。",
      '["02-01", "03-15"]', dates=True),
    K("window", TEXTS, "work 的开始至截止日期后一个月", "报表的填报时间应在哪段时间内(之外的报表提示可能报错了期次);结束早于开始时为次年。",
      '["08-01", "01-31"]', dates=True),
)
MATERIAL = (
    K("name", TEXT, meaning="材料的名称,报送情况和催报邮件中这样称呼它。", example='"工作总结"'),
    K("kind", TEXT, "tables", "tables:统计表(本工具的表格);document:其他文件(Word、PDF 等);ledger:各单位留存备查、"
      "随表报送的台账,通知定义没有写台账定义(ledgers = \"\")时收下、列入报送情况,不汇总(写了台账定义时台账按它检查、汇总,"
      "这一项不再起作用)。", '"document"'),
    K("words", TEXTS, "[name]", "文件名中含有其中一个词的文件就是这份材料;台账(ledger)的工作簿(或统计表工作簿中的一个工作表),标题或工作表名称中含有其中一个词的也是。",
      '["总结"]'),
    K("suffixes", TEXTS, '[".doc", ".docx", ".wps", ".pdf", ".odt", ".txt"]', "这份材料可以是哪些类型的文件。",
      '[".doc", ".docx"]'),
    K("required", BOOL, True, "是否必须报送;缺少时报送情况和催报邮件会提醒。", "true"),
    K("offices", BOOL, False, "下级汇总单位(县、市)报来汇总(上报文件)时是否也要报送这份材料;不写时只向基层单位要。",
      "true"),
    K("columns", TEXTS, "[]", "台账(ledger)的列名,照通知印的写;工作簿(或统计表工作簿中的一个工作表)中有一行含其中至少三分之二的列名,就是这本台账。",
      '["姓名", "承诺事项", "完成时限"]'),
)
NOTICE = (
    K("id", TEXT, meaning="通知的名称(--notice 后写它),只用汉字、字母、数字和 -(它也是工作台中期次文件夹名称的一部分)。", example='"county-2013"'),
    K("name", TEXT, meaning="通知的标题,列表和工作台上显示。", example='"某某县 2013 年群众评议"'),
    K("document", TEXT, "", "发文字号。", '"某办发〔2013〕1号"'),
    K("issued", DATE, None, "发文日期。", "2012-02-02"),
    K("tables", TEXT, meaning="统计表的表格定义:tablesets 中的名称,或与本文件相对的 .toml 路径。",
      example='"county-2013"'),
    K("forms", TEXT, "", "群众评议表的定义(itemsets 中的名称或 .toml 路径);通知没有评议表时写 \"\"。",
      '"county-2013"'),
    K("ledgers", TEXT, "", "台账的定义(ledgersets 中的名称或 .toml 路径);通知不要台账时写 \"\"。", '""'),
    K("documents", TEXT, "与通知同名的自带文书定义", "汇总后写出的情况通报、公示、评先评优所用的文字(documentsets 中的名称"
      "或 .toml 路径);写 \"\" 表示不写这些文书。", '"county-2013-documents.toml"'),
    K("up", TEXT, "", "汇总结果报送给谁。", '"市委某某办"'),
    K("office", TEXT, "", "汇总的本级单位名称的示例,提示填写本单位名称(--unit-name)时举例用。", '"某某县委某某办"'),
    K("up_email", TEXT, "", "通知给出的上级电子邮箱。", '"xxx@163.com"'),
    K("periods", ARRAY, "上半年 H1(6-30)和下半年 H2(12-30)", "报送期次,每期一项。", keys=PERIOD),
    K("materials", ARRAY, "只有统计表", "各单位要报送的材料,每种一项。", keys=MATERIAL),
)

ROW = (
    K("metric", TEXT, meaning="行名,与通知中的表格一字不差(可含“(人)”“其中:”)。", example='"单位数"'),
    K("base", BOOL, False, "是“总数”行(覆盖率的分母);一张表可有多行。", "true"),
    K("rounds", BOOL, False, "这一行分轮次填写(第一次、第二次)。", "true"),
    K("rate", TEXT, "", "这一行对总数行的比率的名称(汇总表中显示;表的注写明这个比率时,如“注:践诺率=……”,上报文件的表中也有这一行)。", '"点评覆盖率"'),
    K("of", TEXT, "第一个总数行", "rate 以哪一个总数行为分母。", '"人数"'),
    K("most", INTEGER, "表的 most", "一个单位在这一行的一格中最多可能填多少;更大的数是错误(退回),如多输了数字、粘贴了两次。"
      "下级的汇总表、上报文件不查。", "5000"),
)
SUM = (
    K("total", TEXT, meaning="是其他几项之和的那一项:一个类别(列)或一行的名称。", example='"小计"'),
    K("parts", TEXTS, meaning="相加的各项(都是类别,或都是行)。", example='["甲类", "乙类"]'),
    K("severity", TEXT, "error", "不相等时是 error(退回)还是 warning。", '"error"'),
    K("at_least", BOOL, False, "total 除 parts 外还含其他(如注中写“合计含联合党支部等其他组织”):只查 total 不小于 "
      "parts 之和;汇总时 parts 不再与 total 相加。", "true"),
)
TABLE = (
    K("key", TEXT, meaning="表格上方的附件编号,可为任何文字(附件9-1、附表二 也可以)。", example='"附件9"'),
    K("title", TEXT, meaning="表格标题,原样印在表上:不写 {year},年份随期次写在 name 中。", example='"某某活动情况统计表"'),
    K("short", TEXT, "同 key", "简称,消息和汇总表中使用。", '"评议情况"'),
    K("header", TEXT, "表格定义的 header_label", "表头左上角的文字。", '"类别"'),
    K("blocks", "文字列表的列表", meaning="类别,按印刷时的分块排列(每块一行表头),每块可有任意多个类别。",
      example='[["甲", "乙"], ["丙"]]'),
    K("groups", "列表", "[]", "两级表头的上一级:每块一组 [\"组名\", 跨几个类别],如 [[[\"县直\", 2], [\"乡镇\", 3]]];"
      "不写则只有一级。", '[[["甲组", 2], ["乙组", 1]]]'),
    K("notes", TEXTS, "[]", "表下的注,原样印在表下;可用 {year} 表示期次的年份。", '["注:……"]'),
    K("separate_blocks", BOOL, False, "各块中是同一批人(如书记也是班子成员),汇总时各块分别合计,不相加。", "true"),
    K("block_names", TEXTS, "[]", "各块合计的名称(separate_blocks 时必填)。", '["书记", "班子成员"]'),
    K("aliases", SECTION, "{}", "类别的其他写法:{ \"类别\" = [\"别名\", …] }。", '{ "其他单位" = ["别的单位"] }',
      free=True),
    K("rows", ARRAY, meaning="表中的行(指标),按印刷顺序。", keys=ROW),
    K("sums", ARRAY, "[]", "“这一项是那几项之和”(小计、合计),一项一行,自动生成审核规则。", keys=SUM),
    K("most", INTEGER, "表格定义的 most", "一个单位在这张表的一格中最多可能填多少(各行可用自己的 most 另定)。", "10000"),
)
RULE = (
    K("id", TEXT, meaning="规则的名称(唯一)。", example='"orgs-evaluated-le-total"'),
    K("title", TEXT, "", "几个字说明检查什么(自查页显示)。", '"已评议数不超过总数"'),
    K("severity", TEXT, "error", "error:错误(退回);warning:警告(请核实)。", '"warning"'),
    K("code", TEXT, "rule.failed", "问题代码,以 rule. 开头(见问题代码.md)。", '"rule.exceeds"'),
    K("tables", TEXTS, "[]", "按类别检查时检查哪几张表。", '["附件9"]'),
    K("categories", TEXTS, "全部类别", "只检查这几个类别。", '["甲类"]'),
    K("block", INTEGER, 0, "只检查第几块的类别(从 1 起)。", "1"),
    K("rounds", TEXT, "all", "all:每一轮都查;due:只查本期应填的轮次。", '"due"'),
    K("let", SECTION, "{}", "检查中用到的中间量:{ 名称 = \"算式\" }。", '{ "未评议" = "总数 - 已评议数" }', free=True),
    K("check", TEXT, meaning="一个比较,用表中的行名写,见下文“审核规则的写法”。", example='"已评议数 <= 总数"'),
    K("message", TEXT, meaning="不通过时给填报人看的话;{category} {round_text} {lhs} {rhs} 和 let 的名称会被填入。",
      example='"“{category}”已评议数为 {lhs},超过了总数 {rhs}。"'),
)
NAMES = (
    K("prefixes", TEXTS, "[]", "比对名册时忽略的单位名称开头。", '["中共"]'),
    K("county", TEXT, "", "单位名称开头的地名(正则表达式),比对时去掉。", '"^[^县]{0,5}县"'),
    K("suffixes", TEXTS, "[]", "比对时忽略的结尾。", '["党委", "党组"]'),
    K("equivalents", SECTION, "{}", "同义的写法:{ \"委员会\" = \"党委\" }。", '{ "委员会" = "党委" }', free=True),
    K("place", TEXT, "", "办公室名称中的地名部分(正则表达式),不同地方的办公室不会被当作同一单位。", '"^(.{1,8}?(?:县|市))"'),
    K("title_words", TEXTS, "[]", "工作表前几行中含这些词的文字是标题。", '["统计表"]'),
    K("document_words", TEXTS, "[]", "从标题或文件名中去掉这些词后剩下的是单位名称。", '["统计表", "更正"]'),
)
TABLE_SET = (
    K("id", TEXT, meaning="表格定义的名称(--table-set 后写它)。", example='"county-2013"'),
    K("name", TEXT, meaning="整套表格的名称,写在模板的填表说明和文件属性中;可用 {year}。",
      example='"{year}年某某活动情况统计表"'),
    K("file_name", TEXT, "统计表", "模板的文件名:<file_name>_<单位>.xlsx。", '"某某活动统计表"'),
    K("subject", TEXT, "统计表", "模板文件属性中的主题。", '"某某活动统计表(空白模板)"'),
    K("called", TEXT, "统计表", "句子中怎样称呼这套表(催报、退回、上报邮件等)。", '"某某活动统计表"'),
    K("unit_label", TEXT, meaning="表上方“填报单位”一行的文字。", example='"填报单位(盖章):"'),
    K("date_label", TEXT, meaning="“填报时间”一行的文字。", example='"填报时间:"'),
    K("header_label", TEXT, meaning="表头左上角的文字。", example='"类别"'),
    K("published", DATE, meaning="通知的日期,模板的创建日期。", example="2012-02-02"),
    K("marker_pattern", TEXT, meaning="表格上方附件编号的样子(正则表达式,第 1 组是编号)。", example='"附件(\\\\d+)"'),
    K("stop_labels", TEXTS, "[]", "以这些字开头的行结束一张表。", '["注", "附件"]'),
    K("all_tables", TEXT, meaning="消息中怎样称呼整套表格。", example='"附件9"'),
    K("previous_change", NUMBER, meaning="总数与上期相比变化超过这个比例时提示。", example="0.2"),
    K("most", INTEGER, 100000, "一个单位在一格中最多可能填多少人(个):更大的数一个单位不可能有(多输了数字、粘贴了两次),"
      "是错误,模板的自查页标红,汇总时退回。下级报来的汇总表、上报文件不查(县、市的数字本来就大),名册中类型为 office_types 的单位报来的也不查。"
      "各表、各行可用自己的 most 另定。", "100000"),
    K("outlier_ratio", NUMBER, 50, "汇总时,一个单位的某一格是其他单位同一格(填了不为 0 的数字的)中位数的这么多倍以上,"
      "且不小于 outlier_floor 时,提示核实(警告,不退回);写 0 不比较。", "50"),
    K("outlier_floor", INTEGER, 1000, "小于这个数的不作上面的比较(小数字相差几十倍是常事)。", "1000"),
    K("instructions", TEXTS, meaning="模板“填表说明”的各条;可用 {tables} {count} {unit_label} {date_label} {rounds} "
      "{first_round} {last_round} {year},{due}(各单位的报送截止日期:本级设定的,否则为通知规定的,如 2012年3月15日),"
      "单独一行 \"{rules}\" 列出各条错误规则。", example='["……"]'),
    K("unit_types", TEXTS, "[]", "名册中单位类型的选项。", '["乡镇", "县直单位"]'),
    K("office_types", TEXTS, "[]", "名册中表示下级办公室(县、市的创先办等)的单位类型:这类单位报来的表即使是手工填写的"
      "(不是本工具写出的汇总表、上报文件),也按下级的汇总读取——不查 most,情况通报写给下级办公室。",
      '["区县市", "市州"]'),
    K("names", SECTION, "{}", "比对单位名称的规则(dianping definitions init 起草时写好通用的规则,见使用说明 --roster)。", keys=NAMES),
    K("problems", SECTION, "{}", "本套表格忽略(ignore)或当作错误(raise)的问题代码。",
      keys=(K("ignore", TEXTS, "[]", "不列出的警告或提示。", '["rule.coverage"]'),
            K("raise", TEXTS, "[]", "当作错误的问题。", '["date.late"]'))),
    K("rounds", ARRAY, "不写:不分轮次", "点评的轮次(第一次、第二次);一次性的评议不写。",
      keys=(K("label", TEXT, meaning="轮次的名称。", example='"第一次"'),
            K("half", TEXT, meaning="在哪一期填报:H1 或 H2(通知的 periods 的 code)。", example='"H1"'))),
    K("tables", ARRAY, meaning="统计表,每张一项。", keys=TABLE),
    K("rules", ARRAY, "[]", "审核规则,每条一项。", keys=RULE),
)
FORM = (
    K("key", TEXT, meaning="附件编号。", example='"附件8"'),
    K("title", TEXT, meaning="评议表标题。", example='"某某评议表"'),
    K("name_label", TEXT, meaning="被评议对象名称一行的文字。", example='"党支部名称:"'),
    K("date_label", TEXT, meaning="时间一行的文字。", example='"时间:    年    月    日"'),
    K("items", TEXTS, meaning="评议项目。", example='["开展活动情况"]'),
    K("object_label", TEXT, meaning="汇总时被评议对象一列的名称。", example='"党支部名称"'),
    K("opinion_title", TEXT, "", "意见和建议一栏的标题。", '"对党组织开展创先争优活动的意见和建议(可附页):"'),
    K("opinion_columns", TEXTS, "[]", "意见和建议一栏的各列。", '["意见和建议", "整改落实情况"]'),
    K("rows", INTEGER, 1, "一张表上有几行被评议的人。", "15"),
)
ITEM_SET = (
    K("id", TEXT, meaning="评议表定义的名称(--items 后写它)。", example='"county-2013"'),
    K("name", TEXT, meaning="名称。", example='"{year}年某某评议表"'),
    K("options", TEXTS, meaning="评议选项。", example='["满意", "比较满意", "基本满意", "不满意"]'),
    K("satisfied", TEXTS, meaning="算作满意的选项(满意率的分子)。", example='["满意", "比较满意"]'),
    K("unsatisfied", TEXT, meaning="不满意的选项。", example='"不满意"'),
    K("tick_note", TEXT, meaning="表下的注。", example='"注:请在评议选项相应栏中打“√”。"'),
    K("published", DATE, meaning="评议表的日期。", example="2012-02-02"),
    K("marks", SECTION, meaning="选项格中的记号。",
      keys=(K("tick", TEXTS, meaning="算作打勾的记号。", example='["√", "✓"]'),
            K("blank", TEXTS, meaning="算作没有选的记号。", example='["", "×"]'))),
    K("tally", SECTION, meaning="评议汇总表。",
      keys=(K("title", TEXT, meaning="标题。", example='"群众评议汇总表"'),
            K("mark", TEXT, meaning="每块的标题。", example='"评议汇总"'),
            K("forms_count", TEXT, meaning="评议表份数一列。", example='"评议表份数"'),
            K("category", TEXT, meaning="类别一列。", example='"类别"'))),
    K("org", SECTION, meaning="对党组织的评议表。", keys=FORM),
    K("member", SECTION, meaning="对党员的评议表。", keys=FORM),
)

COLUMN = (
    K("label", TEXT, meaning="列名,照台账印的写。", example='"点评日期"'),
    K("kind", TEXT, "text", "text:文字;date:日期;choice:从列表中选;number:数字。", '"date"'),
    K("required", BOOL, False, "必须填写。", "true"),
    K("choices", TEXTS, "[]", "choice 列的选项;写 \"categories\" 表示统计表的全部类别。", '["书记", "班子成员"]',
      words=("categories",)),
    K("open", BOOL, False, "选项以外的写法也可以(照录,每个文件每列提示一次)。", "true"),
    K("contains", BOOL, False, "写法中含有某个选项的就算这个选项(“某镇党委书记”算“书记”)。", "true"),
    K("aliases", TEXTS, "[]", "单位可能使用的其他列名。", '["日期"]'),
)
COUNTS = (
    K("person", TEXT, meaning="被点评对象一列。", example='"被点评对象"'),
    K("category", TEXT, meaning="统计表类别一列。", example='"附件类别"'),
    K("date", TEXT, meaning="日期一列(按日期归入轮次)。", example='"点评日期"'),
    K("kind", TEXT, meaning="对象类别一列。", example='"对象类别"'),
    K("by_kind", ARRAY, meaning="哪些对象类别计入统计表的哪一行。",
      keys=(K("kinds", TEXTS, meaning="对象类别。", example='["党员"]'),
            K("table", TEXT, meaning="统计表。", example='"附件9"'),
            K("metric", TEXT, meaning="统计表的行。", example='"已评议人数"'))),
    K("above", TEXT, "error", "统计表的数字多于台账时:error(退回)或 warning。", '"warning"'),
    K("way", TEXT, "", "点评方式一列。", '"点评方式"'),
    K("follow_up", TEXTS, "[]", "每条记录应填写的整改、落实列。", '["整改措施", "落实情况"]'),
)
STATUS = (
    K("column", TEXT, meaning="兑现情况一列。", example='"兑现情况"'),
    K("done", TEXT, meaning="算作已兑现的写法。", example='"已兑现"'),
    K("deadline", TEXT, meaning="承诺时限一列。", example='"承诺时限"'),
    K("fulfilled", TEXT, meaning="兑现日期一列。", example='"兑现日期"'),
    K("subject", TEXT, meaning="承诺人一列。", example='"承诺人"'),
    K("item", TEXT, meaning="承诺事项一列。", example='"承诺事项"'),
    K("total_words", TEXTS, "[]", "合计行的写法。", '["合计"]'),
    K("by", TEXTS, "[]", "按哪些列分别统计承诺数。", '["承诺类别"]'),
    K("start", TEXT, "", "承诺日期一列。", '"承诺日期"'),
    K("word", TEXT, "done 去掉“已”", "兑现的叫法:汇总表写“兑现率”“逾期未兑现”,审核意见写“已逾期未兑现”。",
      '"践诺"'),
)
_SEVERITY = K("severity", TEXT, "warning", "info:提示;warning:警告(都不退回)。", '"info"')
LEVEL = (
    K("post", TEXT, meaning="点评人职务一列(选项列;按它的选项读:“山坪村党支部书记”算“支部书记”)。",
      example='"点评人职务"'),
    K("by_kind", ARRAY, meaning="哪些对象类别应由哪些职务点评;职务不在其中的记录列出(每个文件一条,写明条数和起始行)。",
      keys=(K("kinds", TEXTS, meaning="对象类别(counts.kind 一列的写法)。", example='["党员"]'),
            K("posts", TEXTS, meaning="应由这些职务点评。", example='["支部书记"]'))),
    _SEVERITY,
    K("message", TEXT, meaning="说明;可用 {ledger} {column} {n}(条数) {row}(第一条的行) {person} {kind} "
      "{post} {expected}。", example='"{ledger}中有 {n} 条记录……"'),
)
FREQUENCY = (
    K("every", TEXT, meaning="quarter:每季度至少一次;half-year:每半年至少一次。本期工作时段内(期次的 work)"
      "哪个季度或半年一条点评记录也没有,就列出。", example='"quarter"'),
    _SEVERITY,
    K("message", TEXT, meaning="说明;可用 {ledger} {every}(季度、半年) {gaps}(没有记录的季度) {n} {period} "
      "{start} {end}。", example='"{ledger}中{gaps}没有点评记录。"'),
)
SECRETARY = (
    K("post", TEXT, meaning="点评人职务一列。", example='"点评人职务"'),
    K("posts", TEXTS, meaning="算作本单位书记的职务;没有一条记录由它们点评的单位列出。", example='["书记"]'),
    _SEVERITY,
    K("message", TEXT, meaning="说明;可用 {ledger} {column} {posts} {n}(记录条数)。",
      example='"书记没有点评记录。"'),
)
LEDGER_SET = (
    K("id", TEXT, meaning="台账定义的名称(--ledgers 后写它)。", example='"county-2013"'),
    K("name", TEXT, meaning="名称。", example='"某某县台账"'),
    K("rows", INTEGER, 300, "模板中可填写的行数。", "300"),
    K("note", TEXT, "", "模板上方的说明。", '"每次点评填一行。"'),
    K("published", DATE, None, "日期,模板的创建日期。", "2013-02-01"),
    K("ledgers", ARRAY, meaning="台账,每本一项。",
      keys=(K("key", TEXT, meaning="名称(程序内部使用)。", example='"appraisal"'),
            K("title", TEXT, meaning="台账标题。", example='"某某全程记实台账"'),
            K("summary", TEXT, "标题中的“台账”换成“情况”", "汇总表中统计这本台账的工作表名称。",
              '"公开承诺情况"'),
            K("columns", ARRAY, meaning="各列,按印刷顺序。", keys=COLUMN),
            K("counts", SECTION, "无", "台账中可数出统计表数字时:怎样数。", keys=COUNTS),
            K("status", SECTION, "无", "承诺类台账:怎样判断兑现。", keys=STATUS),
            K("level", SECTION, "无", "点评人的层级(不写就不查;要有 counts)。", keys=LEVEL),
            K("frequency", SECTION, "无", "点评的频次(不写就不查;要有 counts)。", keys=FREQUENCY),
            K("secretary", SECTION, "无", "每名书记都要点评(不写就不查;要有 counts)。", keys=SECRETARY))),
)

SCHEMAS = {"notice": NOTICE, "tableset": TABLE_SET, "itemset": ITEM_SET, "ledgerset": LEDGER_SET}
FILE_WORDS = {"notice": "通知定义", "tableset": "表格定义", "itemset": "评议表定义", "ledgerset": "台账定义"}


def read_definition(kind: str, text: str, source: str) -> dict:
    """A definition file's TOML, every key of it known: SpecError (Chinese, the file and the line)
    when the text is not TOML or holds a key this kind of file does not have."""
    import tomllib

    from ..errors import toml_loads

    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{FILE_WORDS[kind]}文件 {source} {toml_problem(exc)}") from exc
    refuse_unknown(kind, data, text, source)
    from .keytypes import refuse_mistyped  # it reads the schema's kinds

    refuse_mistyped(kind, data, text, source)
    return data


def refuse_unknown(kind: str, data: dict, text: str, source: str) -> None:
    """SpecError for the first key the schema does not know, with its line and where it belongs."""
    found = _unknown(SCHEMAS[kind], data, "")
    if found is None:
        return
    key, where, allowed = found
    line = _line_of(text, key)
    at = f"第 {line} 行" if line else ""
    home = _home(SCHEMAS[kind], key)
    hint = f"“{key}”应写在 {home} 中。" if home and home != (where or "文件开头") else ""
    if not home:  # a key of another kind of file (a table set's key written in the notice …)
        other = next(((k, h) for k, keys in SCHEMAS.items() if k != kind and (h := _home(keys, key))), None)
        hint = f"“{key}”是{FILE_WORDS[other[0]]}文件中 {other[1]} 的键。" if other else ""
    raise SpecError(f"{FILE_WORDS[kind]}文件 {source} {at}:不认识的键“{key}”(在 {where or '文件开头'} 中)。{hint}"
                    f"这里可用的键:{'、'.join(k.name for k in allowed)}。")


def _unknown(keys: tuple[K, ...], data, where: str):
    return next(((name, at, allowed) for name, _, at, k, allowed in walk_keys(keys, data, where) if k is None), None)


def walk_keys(keys: tuple[K, ...], data, where: str = ""):
    """Every key written in ``data`` (a definition's table), depth first, each before the keys inside
    it: (its name, its value, the table it is written in, its schema key — None for one the schema
    does not know, never walked into — and the keys allowed beside it)."""
    if not isinstance(data, dict):
        return
    known = {k.name: k for k in keys}
    for name, value in data.items():
        k = known.get(name)
        yield name, value, where, k, keys
        if k is not None and k.keys and not k.free:
            inner = f"[[{_dotted(where, name)}]]" if k.array else f"[{_dotted(where, name)}]"
            for item in value if isinstance(value, list) else [value]:
                yield from walk_keys(k.keys, item, inner)


def _dotted(where: str, name: str) -> str:
    return (where.strip("[]") + "." + name) if where else name


def _home(keys: tuple[K, ...], key: str, where: str = "") -> str:
    """Where a key of this kind of file belongs ("文件开头", "[[tables.rows]]"), or ""."""
    for k in keys:
        if k.name == key:
            return where or "文件开头"
    for k in keys:
        if k.keys and not k.free:
            inner = f"[[{_dotted(where, k.name)}]]" if k.array else f"[{_dotted(where, k.name)}]"
            found = _home(k.keys, key, inner)
            if found:
                return found
    return ""


def lines_of_value(text: str, key: str, value: str = "") -> list[int]:
    """The lines where ``key = …value…`` is written (``value`` as given or TOML-escaped)."""
    key_part = rf'(?:^|[{{,\s])"?{re.escape(key)}"?\s*=\s*'
    found = []
    for written in dict.fromkeys((value, value.replace("\\", "\\\\").replace('"', '\\"'))):
        pattern = re.compile(key_part + rf'.*{re.escape(written)}')
        found += [n for n, line in enumerate(text.splitlines(), start=1) if pattern.search(line)]
    return sorted(set(found))


def located(message: str, key: str, value: str = "") -> ValueError:
    """A ValueError that knows where it is written (``key = …value…``), for its line."""
    error = ValueError(message)
    error.at = (key, value)
    return error


def at_line(text: str, key: str, value: str = "") -> str:
    """"第 N 行" where ``key = …value…`` is first written, or "" when it cannot be told."""
    lines = lines_of_value(text, key, value) if key else []
    return f"第 {lines[0]} 行" if lines else ""


def toml_problem(exc: Exception) -> str:
    """A TOML decode error in Chinese, with its line and column when the parser gave them."""
    from ..errors import toml_problem as said

    return said(exc)


def _line_of(text: str, key: str) -> int:
    pattern = re.compile(rf'^\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=|[{{,]\s*{re.escape(key)}\s*=|^\s*\[+[^\]]*\b{re.escape(key)}\]+')
    for n, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return n
    return 0


# -- the reference (docs/通知定义.md) -------------------------------------------------------

INTRO = """# 通知定义

每一次活动、每一年都会有新的通知和新的表格。dianping-xlsx 不把任何一个通知写死在程序里:一个通知的
统计表、审核规则、群众评议表、台账、报送期次和日期、要报送的材料,都写在**定义文件**(TOML 格式的文本
文件)中。拿到新通知时,照着本页写一个定义文件(或复制一个自带的再改),不用改程序。

本页由 `python -m dianping_xlsx.definitions.schema` 从程序读取定义文件时使用的键表生成,请勿手工修改;
程序不认识的键会被拒绝(指明文件和行),不会被悄悄忽略;值的类型与下表不符的(如文字没有加引号:`id = 2013`,应写成 `id = "2013"`)也会被拒绝,并写出改法。

## 怎样使用

- `dianping definitions list`:列出自带的通知(`hunan-2011`:湖南 2011 年领导点评和群众评议,
  `justice-2012`:2012 年司法行政系统群众评议)。
- `dianping definitions check 新通知.toml`:检查一个定义文件,问题用中文列出,指明文件和行。
- 每个命令都可以加 `--notice 名称或文件`(工作台在“本期”页选择通知),如
  `dianping template --notice 新通知.toml --period 2013-H1`、
  `dianping merge 收件箱 --notice 新通知.toml --period 2013-H1`。
  `--table-set`、`--items`、`--ledgers` 可以单独换掉通知中的一部分(写“无”表示不要)。
- 工作台的“本期”页可以选择通知,或上传通知定义文件(连同它引用的定义文件)。工作台只读自带的定义和工作文件夹中的定义文件:
  上传的通知定义引用其他定义文件时,写自带定义的名称,或与它一起上传、写成同一文件夹中的文件名。
  通知的 `id` 是工作台期次文件夹的名称:另一个通知(自带的或已上传的)已用的 id 不能再用,工作文件夹中已有的同名定义文件也不会被内容不同的文件替换(都会拒绝并说明怎样改名);同一个通知再上传一次没有关系。
- 定义文件用 UTF-8 编码保存(带不带 BOM 都可以):用记事本编辑时,“另存为”中的“编码”选“UTF-8”。
  存成 ANSI(GBK)或 Unicode(UTF-16)的文件会被拒绝,并指明是哪一个文件。

一个通知由四种定义文件组成,通知定义文件用名称或相对路径引用另外三种:

| 文件 | 写什么 | 自带的放在 |
| --- | --- | --- |
| 通知定义 | 通知的名称、文号、期次和日期、报送材料,引用下面三种 | `dianping_xlsx/definitions/notices/` |
| 表格定义 | 统计表:类别、行、注、审核规则、填表说明 | `dianping_xlsx/definitions/tablesets/` |
| 评议表定义 | 群众评议表:项目、选项、汇总表 | `dianping_xlsx/definitions/itemsets/` |
| 台账定义 | 台账的列和计数方法 | `dianping_xlsx/definitions/ledgersets/` |

年份不要写死:整套表格的名称(`name`)、注和填表说明中写 `{year}`,生成模板和汇总时按期次写成年份(`--period 2013-H1`
得到“2013年”);每张表的标题(`title`)原样印在表上,不写年份。同一个通知的新一年只需换 `--period`,不用复制文件。

## 一个完整的例子

一个一次性评议的通知(没有上下半年之分,没有台账,要报送统计表和工作总结):

```toml
# 新通知.toml
id = "county-2013"
name = "某某县 2013 年群众评议"
document = "某办发〔2013〕1号"
issued = 2013-02-01
tables = "county-2013-tables.toml"   # 与本文件放在同一文件夹
forms = ""                          # 没有评议表
ledgers = ""                        # 不要台账

[[periods]]
code = "H1"
name = "群众评议"
due = "03-31"
work = ["02-01", "03-31"]

[[materials]]
name = "统计表"
kind = "tables"

[[materials]]
name = "工作总结"
kind = "document"
words = ["总结"]
```

```toml
# county-2013-tables.toml
id = "county-2013-tables"
name = "{year}年评议情况统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "类别"
published = 2013-02-01
marker_pattern = "附表(\\\\d+)"
all_tables = "附表1"
previous_change = 0.2
instructions = ["在表上方填写“{unit_label}”和“{date_label}”(如 {year}-03-20)。", "{rules}"]

[[tables]]
key = "附表1"
title = "评议情况统计表"
blocks = [["乡镇", "县直单位", "小计"]]

[[tables.rows]]
metric = "组织数(个)"
base = true

[[tables.rows]]
metric = "已评议组织数(个)"
rate = "评议覆盖率"

[[tables.sums]]
total = "小计"
parts = ["乡镇", "县直单位"]

[[rules]]
id = "evaluated-le-total"
title = "已评议的不超过总数"
tables = ["附表1"]
check = "已评议组织数(个) <= 组织数(个)"
message = "“{category}”已评议 {lhs} 个,超过了组织数 {rhs}。"
```

## 留存备查的台账

通知要求各单位建台账、“留存备查并随表报送”,而不要求汇总台账时,不写台账定义(`ledgers = ""`),在
`[[materials]]` 中写一项 `kind = "ledger"`:各单位报来的台账(Excel 等工作簿)按标题、工作表名称、列名
(`columns`,有一行含其中至少三分之二的列名)或文件名认出,在报送情况中列为“已收到材料”,不汇总、不审核、不退回;
统计表工作簿中另有一个工作表是这本台账(按标题、工作表名称或列名认出)时,也算报送了台账。
`required = true` 时,报了统计表而没有报台账的单位会被提醒。通知没有列出这一项时,标题、工作表名称或文件名中有
“台账”的工作簿(其中没有统计表)也这样收下。`dianping definitions init` 从通知起草时,通知附件中的台账(标题为“某某台账”的表格)和人员名单(如“述职人员名单”:
左边是序号 1、2、3……,表头是姓名、职务等)就写成这样一项,表下的注或正文说“随表报送”时 `required = true`。要审核、汇总台账时写台账定义(见下文“台账定义文件的键”),这一项就不再起作用:

```toml
[[materials]]
name = "党员承诺践诺台账"
kind = "ledger"
words = ["台账"]
columns = ["姓名", "承诺事项", "承诺时间", "完成时限", "践诺情况"]
required = true
```

## 审核规则的写法

`check` 是一个比较(`<=`、`<`、`>=`、`>`、`==`、`!=`),两边是用表中文字写的算式:

- `行名`:当前类别的这一行;分轮次的行不写轮次时,每一轮各查一次;`行名[第一次]` 只查一轮。
- `行名[类别]`(或 `行名[类别, 第一次]`):指定类别的这一行。全部用指定类别写的规则,每个单位只查一次。
- `附表2.行名`:另一张表的同一类别;`sum(附表1.行名, block=1)`:一行在各类别(或第几块)的合计。
- 表名、行名、类别照表上的文字写,可以含“(人)”“其中:”“-”等符号,如 `附件9-1.其中:党员(人)`。
- 可用数字、`+ - * /`、`abs`、`min`、`max`,以及 `let` 中定义的名称。
- `categories = ["某类别"]` 只查这几个类别;`block = 1` 只查第一块;`rounds = "due"` 只查本期应填的轮次。
- “这一项是那几项之和”(小计、合计)不用写规则:在表中写 `[[tables.sums]]`,每项一行。合计除所列各项外还含
  其他(如“合计含联合党支部等其他组织”)时加 `at_least = true`:只查合计不小于各项之和(如 `total = "合计"`、
  `parts = ["小计"]`)。
- 名为“合计”或“总计”的类别(以及 `at_least = true` 的、含其他所有类别的那一项)就是全表的合计:汇总表的
  分类汇总、按类型汇总和上级的汇总都取它的值,不再与其他类别相加,也不另加一行合计。
- `message` 中 `{category}`、`{round_text}`、`{lhs}`(左边的值)、`{rhs}`(右边的值)和 `let` 的名称会被填入。

规则在读入定义文件时就全部检查一遍:写错的行名、类别、轮次或算式会立即报错,指明是哪条规则。

## 情况通报等文书的用语

汇总后写出的情况通报、公示、评先评优的每一句话都在文书定义(`documents`,自带的在 documentsets 中)里,县、市、省
用同一份:县汇总各单位的报表,市汇总各县的上报文件(或汇总表),省汇总各市的。情况通报的抬头和依据随本级而定:

- `[circular]` 的 `recipients` 是汇总各单位报表时的抬头(如“各乡镇党委,县直各单位党组(党委):”);
  `recipients_above` 是汇总下级上报文件时的抬头,按本级地名的最后一个字(益阳市委创先办:市;湖南省委创先办:省)
  选用,如 `{ "市" = "各县(市、区)委创先办:", "省" = "各市(州)委创先办:" }`;没有列出的字用第一项,不写这个键时各级都用 `recipients`。
- `[[circular.paragraphs]]` 的 `when = "units"` 只写在汇总各单位报表的情况通报中,`when = "offices"` 只写在汇总下级
  上报文件的情况通报中(每份报表都是下级的上报文件或汇总表时)。依据一句这样写两份:县的写通知的发文字号(`{document}`),
  上级的不写县的发文字号。
- `notice_title` 是通知发布时的标题,照原文写,不带花括号:各期引用的都是同一个通知(下半年的通报引用的仍是
  上半年发布的那个通知的标题和发文字号)。
- 一句话中可有可无的部分写在该段的 `clauses` 中,如
  `clauses = [{ when = "returned", text = ";{returned}个文件因有错误已退回修改" }]`,条件成立的按顺序填入 text 中的
  `{clauses}`:数为 0 的分句不写。`when` 可用的条件还有:`all_in`(名册中的单位已全部报齐)、`missing`(有单位未报或被退回)、
  `owing`(有单位要补报或改正)、`below`(下级报来的汇总不完整:`{below_units}` 写明缺什么,`{below_names}` 只写单位)、
  `lacking`(有单位缺少通知要求的材料:`{lacking_units}`)、`figures` / `no_figures`(有、没有采用的统计表)、
  `all_clean` / `all_warned` / `clean_and_warned`(采用的单位全部无问题、全部要核实、两者都有)、
  `some_on_time` / `all_late`(逾期的是部分还是全部单位)、`off_roster_returned`(名册外的文件另有错误被退回)。
- “报表质量”一段(`{problems}`、`{clean}`、`{warned}`)只数报表本身的问题:逾期、缺少材料、名册外单位、下级汇总不完整
  各有各的段落。单位按名册的顺序列出,名册外的排在后面。

"""


def render_reference() -> str:
    parts = [INTRO]
    for kind, keys in (("notice", NOTICE), ("tableset", TABLE_SET), ("itemset", ITEM_SET), ("ledgerset", LEDGER_SET)):
        parts.append(f"## {FILE_WORDS[kind]}文件的键\n")
        parts += _render_keys(keys, "文件开头")
    return "\n".join(parts).rstrip() + "\n"


def _render_keys(keys: tuple[K, ...], where: str) -> list[str]:
    lines = [f"### {where}\n", "| 键 | 类型 | 默认 | 含义 | 例 |", "| --- | --- | --- | --- | --- |"]
    nested = []
    for k in keys:
        default = "必填" if k.default is REQUIRED else _shown(k.default)
        example = f"`{k.example}`" if k.example else ""
        lines.append(f"| `{k.name}` | {k.kind} | {default} | {k.meaning} | {example} |")
        if k.keys and not k.free:
            inner = where.strip("[]") if where != "文件开头" else ""
            name = f"{inner}.{k.name}" if inner else k.name
            nested.append((k.keys, f"[[{name}]]" if k.array else f"[{name}]"))
    lines.append("")
    for inner_keys, inner_where in nested:
        lines += _render_keys(inner_keys, inner_where)
    return lines


def _shown(value) -> str:
    if value is None:
        return "无"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return f"`{value}`" if value != "" else "`\"\"`"


if __name__ == "__main__":  # python -m dianping_xlsx.definitions.schema > docs/通知定义.md
    import sys

    sys.stdout.write(render_reference())
