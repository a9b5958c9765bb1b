"""The catalogue of problems: one record per kind (code, severity, title, message template,
advice), checked when it loads. Problem (problems.py) renders its message from here; the
审核问题 overview takes its title and advice; docs/问题代码.md is generated from it (a test
holds the file to it), so that no code is undocumented.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache

ERROR = "error"
WARNING = "warning"
INFO = "info"

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@lru_cache(maxsize=512)  # a declared rule's template is checked for every problem it makes
def placeholders(template: str) -> frozenset[str]:
    """The names a message template fills in ({unit}, {cell} ...)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@dataclass(frozen=True)
class Kind:
    code: str  # stable, for scripts, tests, --ignore and --error
    severity: str  # error (the file is sent back) | warning (accepted, to check) | info
    title: str  # the kind's short name, one line of the overview
    template: str  # the message, in Chinese, with {placeholders} from the problem's params
    advice: str  # what the clerk does about it
    # the message as `dianping check` says it to the unit checking its own file, where the clerk's
    # talks of the inbox and the merge ("": the same message); filled from the same problem's params
    sender: str = ""
    # the words its template's {in_sum} says of a file counted in the summary ("仍计入汇总"); a file
    # sent back or replaced is said the same without them (problems.uncounted)
    counted: str = ""
    fields: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "fields", placeholders(self.template))


# The catalogue: one record per kind of problem (code, severity, title, message template,
# advice). Placeholders in a template are filled from Problem.params; a Problem made without
# one of them is refused when it is made (not when a summary renders it).
CATALOGUE_TABLE: tuple[Kind, ...] = (
    # Files that are not submissions.
    Kind("file.lock", INFO, "临时锁文件",
         "Office 临时锁文件(打开表格时自动生成),已忽略。",
         "无需处理。"),
    Kind("file.system", INFO, "系统文件",
         "{what},不是报表,已忽略。",
         "无需处理。"),
    Kind("file.not-spreadsheet", INFO, "不是表格的文件",
         "不是表格文件({suffix}),已忽略。如是报表,{ask}。",
         "如是报表,请单位用下发的 Excel 模板填写(或另存为 .xlsx)后重发。",
         sender="不是表格文件({suffix}),没有检查。如是报表,{own}。"),
    Kind("file.archive", INFO, "压缩包",
         "压缩包({suffix})不会自动解压,已忽略。请解压后把其中的表格文件放入收件文件夹,重新汇总"
         "(用 dianping mail 收取的邮件中的 .zip 附件会自动解压)。",
         "请解压后放入收件文件夹,重新汇总。",
         sender="压缩包({suffix})不会自动解压,没有检查。请解压后对其中的表格文件运行检查。"),
    Kind("file.merged-ledgers", INFO, "本级的合并台账",
         "这是 dianping merge 写出的合并台账(各单位台账合在一起),不是哪个单位的台账,已忽略。合并台账只在本级留存,请放在收件文件夹以外。",
         "无需处理;汇总结果不要放进收件文件夹。"),
    Kind("file.own-summary", INFO, "本级的汇总表",
         "这是本级(“{unit}”)用 dianping merge 生成的{what},不是下级单位的报送,已忽略。汇总结果请放在收件文件夹以外。",
         "无需处理;汇总结果不要放进收件文件夹。"),
    Kind("file.opinion-from-above", INFO, "上级对本级上报的审核意见",
         "这是上级退回本级(“{unit}”)上报的审核意见,不是下级单位的报送,不计入汇总。"
         "上级对本级上报的审核意见:请按其中的意见修改后重新汇总、上报。",
         "打开这个文件,按“审核意见”页逐条核实,改正本级的汇总(请有关单位改报,或改正后重新审核汇总),"
         "再重新上报;处理完后可把它移出收件文件夹。"),
    Kind("file.own-output", INFO, "本级汇总写出的文件",
         "这是本级用 dianping merge 生成的“{what}”,不是单位的报送,已忽略。汇总结果请放在收件文件夹以外。",
         "无需处理;汇总结果不要放进收件文件夹。"),
    Kind("file.summary-other-period", INFO, "其他期次的汇总表或上报文件",
         "这是“{unit}”{period}的{what},与本次汇总的{current}不同,已忽略。"
         "如是下级报错了期次,请其改报{current}的上报文件;如是放错了文件,请把它移出收件文件夹。",
         "请下级改报本期的上报文件;放错的文件移出收件文件夹。"),
    Kind("file.summary-other-notice", INFO, "按另一个通知汇总的汇总表或上报文件",
         "这是“{unit}”按另一个通知(“{other}”)汇总的{what},不是本通知(“{current}”)的统计表,已忽略。"
         "如是下级用错了通知,请其按本通知的模板收表、重新汇总(dianping 汇总时加 --notice {notice_id},工作台在“本期”页选本通知)"
         "后改报上报文件;如是本级选错了通知,请核对 --notice 后重新汇总。",
         "请下级按本通知重新汇总后改报;或核对本级汇总所用的通知(--notice)。"),
    Kind("file.temp", INFO, "程序的临时文件",
         "这是 dianping 写入文件时用的临时{what}(上次运行中途被停止时留下),不是单位的报送,已忽略。可以把它删除。",
         "无需处理;可以删除这个临时文件。"),
    Kind("file.returned-copy", INFO, "退回文件的副本",
         "这是审核后退回给单位的文件(在“{folder}”文件夹中),不是单位的报送,已忽略。单位修改后重新发来的文件请直接放在收件文件夹中。",
         "无需处理。"),
    # Ledgers (台账): each record, the tables against them, the commitments.
    Kind("ledger.empty", WARNING, "空白的台账",
         "{ledger}中没有任何记录(像是空白的台账模板),没有用来核对统计表。请填写台账后一并报送。",
         "请单位填写台账后报送。"),
    Kind("ledger.missing-field", WARNING, "台账漏填",
         "{ledger}第 {row} 行没有填写“{column}”。请补填。",
         "请单位补填台账。"),
    Kind("ledger.bad-date", WARNING, "台账日期无法识别",
         "{ledger}第 {row} 行的“{column}”写的是“{text}”,不是日期。请写成 {example}。",
         "请单位把日期改为 年-月-日 的写法。"),
    Kind("ledger.date-outside", WARNING, "台账日期不在本期",
         "{ledger}第 {row} 行的“{column}”为 {date},不在{period}({start} 至 {end})内。请核对。",
         "请单位核对日期。"),
    Kind("ledger.unknown-value", WARNING, "台账中不规范的选项",
         "{ledger}第 {row} 行的“{column}”写的是“{text}”,不在规定的选项中({choices})。请从下拉列表中选择。",
         "请单位从下拉列表中选择。"),
    Kind("ledger.missing-column", WARNING, "台账缺少一列",
         "{ledger}的表头中没有找到“{column}”一列(找过:{looked})。{cost}请按台账模板的列名填写表头,或补上这一列。",
         "请单位按台账模板的列名填写表头。"),
    Kind("ledger.other-value", INFO, "台账中列表以外的内容(允许)",
         "{ledger}“{column}”:{n} 行填写的不是选项({choices}),已照录(如第 {row} 行“{text}”);"
         "这一列允许填写其他内容。",
         "无需处理。"),
    Kind("ledger.held-no-tables", WARNING, "只报了台账,未报统计表",
         "本级没有采用这个单位的统计表(没有报送,或报送的文件不是统计表),台账暂不计入{sheets}合并台账。请单位报送统计表;统计表采用后重新汇总,台账即计入。",
         "请单位报送统计表;台账暂不计入。"),
    Kind("ledger.held-returned", WARNING, "统计表被退回,台账暂不计入",
         "这个单位的统计表已退回,台账暂不计入{sheets}合并台账。统计表改正后重新汇总,台账即计入(台账不用重发)。",
         "统计表改正后重新汇总即计入。"),
    Kind("ledger.lost", WARNING, "新报的文件没有台账(原来的文件有)",
         "采用的这个文件中没有{ledger},而被它替代的“{older}”中有(工作表“{sheets}”,共 {n} 条记录):这个单位的台账"
         "现在没有计入{summaries}合并台账。多半是单位只重新报送了统计表(如退回的审核意见文件,其中没有台账)。"
         "请单位把台账一并重新报送:在原文件“{older}”中改好台账,把{date}改为修改当天,整个重新报送;或把台账单独存为一个文件报送。重新汇总后台账即计入。",
         "请单位重新报送台账(改好的原文件整个报送,或单独的台账文件)。"),
    Kind("ledger.repeat-person", INFO, "同一人重复点评",
         "{ledger}中“{person}”在{round}被点评了 {n} 次(第 {rows} 行);统计表只统计人数、不统计人次,按 1 人计。"
         "如果是同名的不同人,请在台账中注明区别,如“{person}(西村)”(括号中写所在支部或单位),就分别计数。",
         "统计表按人数计,无需处理。"),
    Kind("ledger.above", ERROR, "统计表数字多于台账记录",
         "{table}“{category}”的{metric}({round})填了 {reported},但{ledger}中{round}被点评的只有 {counted} 个(按人数计,不重复)。{undated}{repeated}统计表的数字应来自台账:请核对台账或统计表。",
         "已退回;请单位核对台账或统计表。"),
    Kind("ledger.below", WARNING, "统计表数字少于台账记录",
         "{table}“{category}”的{metric}({round})填了 {reported},少于{ledger}中记录的 {counted} 个。请核对。",
         "请单位核对。"),
    Kind("ledger.totals", ERROR, "承诺合计对不上",
         "{ledger}的合计写承诺 {total} 条,其中{parts},加起来是 {sum},对不上。请核对后修改。",
         "已退回;请单位核对合计。"),
    Kind("ledger.overdue", WARNING, "承诺已过时限仍未完成",
         "“{who}”的承诺“{item}”时限 {deadline} 早于{as_of},{status_column}为“{status}”:已逾期未{word},请挂牌督办,{word}后销号。",
         "挂牌督办,完成后销号。"),
    Kind("ledger.fulfilled-after", ERROR, "承诺完成日期晚于填报时间",
         "{ledger}第 {row} 行的{column} {date} 晚于填报时间 {report}。请核对。",
         "已退回;请单位核对日期。"),
    Kind("ledger.fulfilled-before-start", ERROR, "承诺完成日期早于承诺日期",
         "{ledger}第 {row} 行的{column} {date} 早于{start_column} {start}:承诺还没作出就已{word}。请核对两个日期。",
         "已退回;请单位核对日期。"),
    # What the notices ask of the appraisals (seeds 000, 004), where the ledger set writes it
    # (level, frequency, secretary): the ledger set's own message and severity replace these.
    Kind("ledger.appraiser-level", WARNING, "点评人层级不符",
         "{ledger}中有 {n} 条记录的“{column}”与被点评对象的层级不符(从第 {row} 行起:“{person}”({kind})"
         "由“{post}”点评,应由{expected}点评)。请核对。",
         "请单位核对点评人;确由他人点评的,说明原因。"),
    Kind("ledger.appraisal-gap", WARNING, "某季度或半年没有点评",
         "{ledger}中{gaps}没有任何点评记录({period}工作时段 {start} 至 {end})。领导点评至少每{every}开展一次。",
         "请单位补记漏记的点评,或督促开展点评。"),
    Kind("ledger.no-secretary", WARNING, "书记没有点评记录",
         "{ledger}的 {n} 条记录中,没有一条的“{column}”是{posts}:看不出本单位书记点评过。每名书记都要点评。",
         "请单位核对;书记点评的记录在点评人职务中写明。"),
    Kind("file.unreadable", ERROR, "本机无法读取的文件",
         "本机无法读取这个文件({reason}),不是文件内容的问题,不必通知报送单位。请检查文件是否被其他程序"
         "(Excel、WPS、杀毒软件)占用、是否有读取权限、是否还在收件文件夹中,然后重新汇总。",
         "本级处理:检查文件权限、关闭占用它的程序后重新汇总;不退回单位。",
         sender="本机无法读取这个文件({reason}),不是文件内容的问题。请检查文件是否被其他程序"
                "(Excel、WPS、杀毒软件)占用、是否有读取权限,然后重新检查。"),
    Kind("file.not-regular", INFO, "不是普通文件",
         "这不是普通文件({what}),没有打开,已忽略。请把单位发来的表格文件本身放进收件文件夹。",
         "放入文件本身(而不是链接)后重新汇总。",
         sender="这不是普通文件({what}),没有打开,没有检查。请对表格文件本身运行检查。"),
    Kind("file.empty", ERROR, "空文件",
         "文件是空的(0 字节)。请重新保存表格后再发送。",
         "请单位重新保存后发送。"),
    Kind("file.encrypted", ERROR, "有打开密码",
         "文件设置了打开密码,无法读取。请去掉密码后重新发送。",
         "请单位去掉密码后重发。"),
    Kind("file.corrupt", ERROR, "文件损坏",
         "文件已损坏或不完整,无法打开({detail})。请用 Excel 或 WPS 打开并另存为 .xlsx 后重新发送。",
         "请单位用 Excel/WPS 另存为 .xlsx 后重发。"),
    Kind("file.unsupported", ERROR, "不支持的格式",
         "无法读取 {suffix} 格式。请在 WPS、Excel 或 LibreOffice 中“另存为” .xlsx 后重新发送。",
         "请单位另存为 .xlsx 后重发。"),
    Kind("file.disguised", ERROR, "网页或文本冒充表格",
         "文件实际上是网页或文本(只是扩展名像表格),无法按表格读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再发送。",
         "请单位在 Excel/WPS 中另存为 .xlsx 后重发。"),
    Kind("file.strict-ooxml", ERROR, "Strict Open XML 格式",
         "文件是“Strict Open XML”格式,无法读取。请在 Excel 中“另存为”普通的“Excel 工作簿(.xlsx)”后重新发送。",
         "请单位另存为普通 .xlsx 后重发。"),
    Kind("file.xml-doctype", ERROR, "含不安全的声明",
         "文件内部({part})含有不允许的 DOCTYPE/ENTITY 声明,出于安全考虑不予读取。请用 Excel 或 WPS 另存为 .xlsx 后重新发送。",
         "请单位另存为 .xlsx 后重发。"),
    Kind("file.crashed", ERROR, "读取时异常退出",
         "读取这个文件时读取程序异常退出(文件可能已损坏、被篡改,或需要的内存超过上限),已跳过,其余文件不受影响。请用 Excel 或 WPS 打开并另存为 .xlsx 后重新发送。",
         "请单位另存为 .xlsx 后重发。"),
    Kind("file.timeout", ERROR, "读取超时",
         "读取这个文件超过 {seconds} 秒仍未完成,已停止读取。请检查文件是否过大或损坏,另存为 .xlsx 后重新发送。",
         "请单位检查文件大小,另存为 .xlsx 后重发。"),
    # Limits (see prescan.Limits; each can be raised with --limit NAME=VALUE).
    Kind("limit.memory", ERROR, "读取需要的内存过多",
         "读取这个文件需要的内存超过上限({limit}),已停止读取,其余文件不受影响。请单位删除表格以外的内容、另存为 .xlsx 后重新发送。",
         "请单位另存为 .xlsx 后重发。"),
    Kind("limit.file-size", ERROR, "文件过大",
         "文件超过 {limit},不像一份统计表。请删除无关的工作表、图片后重新发送。",
         "请单位删除无关内容后重发。"),
    Kind("limit.parts", ERROR, "部件过多",
         "文件内部有 {count} 个部件,超过上限 {limit},不像一份统计表。请另存为新的 .xlsx 后重新发送。",
         "请单位另存为新的 .xlsx 后重发。"),
    Kind("limit.unpacked", ERROR, "解压后过大",
         "文件解压后达 {size}(上限 {limit}),可能是“压缩炸弹”或含大量无关内容。请只保留统计表后重新发送。",
         "请单位只保留统计表后重发。"),
    Kind("limit.ratio", ERROR, "压缩比异常",
         "文件内部“{part}”压缩比异常({ratio} 倍),可能是“压缩炸弹”,不予读取。",
         "请单位另存为 .xlsx 后重发。"),
    Kind("limit.far-cell", ERROR, "用到很远的单元格",
         "工作表“{sheet}”用到了很远的{place}(表格很可能误填了内容或格式)。请删除表格以外的行列后另存,再重新发送。",
         "请单位删除表格以外的行列后重发。"),
    Kind("limit.strings", ERROR, "文本过多",
         "文件声明了 {count} 个文本(上限 {limit}),不像一份统计表,不予读取。请另存为新的 .xlsx 后重新发送。",
         "请单位另存为新的 .xlsx 后重发。"),
    Kind("limit.merged", ERROR, "合并单元格过多",
         "工作表“{sheet}”有 {count} 个合并单元格(上限 {limit}),请取消多余的合并后重新发送。",
         "请单位取消多余的合并后重发。"),
    Kind("limit.merged-area", ERROR, "合并区域过大",
         "工作表“{sheet}”合并了一个过大的区域 {ref},请取消这个合并后重新发送。",
         "请单位取消该合并后重发。"),
    Kind("file.no-tables", ERROR, "没有统计表",
         "文件中没有找到统计表({all_tables})。请使用下发的模板填写,或按通知中的表格样式填报。",
         "请单位用下发的模板填报。"),
    # a unit's file filled on another notice's template (附件1–3 where 附件4 is asked for): its
    # template says so, or its sheets are the tables of another shipped notice
    Kind("file.other-notice", ERROR, "另一个通知的统计表",
         "这是另一个通知(“{other}”)的{what},不是本通知(“{current}”)要报的表({all_tables}),没有读取。"
         "请对方改用本通知的模板填写后重新报送;如果是本级选错了通知,请在工作台“本期”页(命令行用 --notice)更换通知后重新汇总。",
         "请单位改用本通知的模板填报;如是本级选错了通知,在“本期”页(或 --notice)更换通知后重新汇总。",
         sender="这是另一个通知(“{other}”)的{what},不是本通知(“{current}”)要报的表({all_tables}),没有检查。"
                "请改用本通知的模板填写;如果是检查时选错了通知,请用 --notice 选择要报的通知后重新检查。"),
    # Tables and their layout.
    Kind("table.missing", ERROR, "缺少统计表",
         "缺少{table}《{title}》。{all_tables}都要填报,没有数据的表也请保留并填 0。",
         "请单位补齐所有统计表。"),
    # a table made the notice's way round where our template has it the other (the notice prints
    # categories down a column, the template across): not read; the template is what to fill
    Kind("table.transposed", ERROR, "表格行列与模板相反",
         "{table}《{title}》的类别(如“{category}”)写成了一列、指标写成了一行,与下发的模板行列相反,无法读取。"
         "请使用下发的模板填写:类别在表头一行,指标在左边一列,把数字填入模板后重新报送。",
         "请单位把数字填入下发的模板后重发。"),
    # the same, but every category and row label found exactly (each once, nothing else among the
    # categories): read through the turned places, said as a 提示
    Kind("table.read-turned", INFO, "表格行列与模板相反,已读取",
         "{table}《{title}》的类别写成了一列、指标写成了一行(与下发的模板行列相反),各类别和指标名称都与模板一致,"
         "已按类别和指标对应读取。请核对读出的数字;以后请使用下发的模板填写。",
         "无需处理(已按类别和指标读取);请核对数字。"),
    Kind("table.duplicate", ERROR, "统计表重复",
         "{table}的“{category}”一栏出现了两次(另一处在 {other})。请删除多余的表格后重新发送。",
         "请单位删除多余的表格。"),
    Kind("table.hidden-copy", ERROR, "隐藏的工作表中有重复的表",
         "隐藏的工作表“{sheet}”中还有一份{table}({count} 个数字格与正在填报的表重复),汇总时无法判断用哪一份。"
         "右键点任一工作表标签,选“取消隐藏”即可看到它;请删除这张工作表后重新发送。",
         "请单位删除隐藏的旧表。"),
    Kind("table.empty", ERROR, "空白表",
         "{all_tables}的数字格全部是空的,这是一份没有填写的空白表,不能作为报表。请填写后再报送;确实没有的数字请填 0。",
         "请单位填写后重发。"),
    # one table's value cells all blank while another table of the file is filled: its numbers were
    # left out (the notice asks for every table), never taken as 0s
    Kind("table.blank", ERROR, "整张表没有填写",
         "{table}《{title}》的数字格全部是空的,而本文件的其他表已经填写。{all_tables}每张都要填写:"
         "请把{table}的数字填入这张表后重新报送;确实没有的数字请填 0。",
         "请单位补填这张表后重发。"),
    Kind("table.very-hidden", WARNING, "表在深度隐藏的工作表中",
         "{table}在一张被深度隐藏的工作表“{sheet}”中(在 Excel 里用“取消隐藏”也看不到),已照常读取。请与单位核实这是要报送的数字;如不是,请单位删除该工作表后重新报送。",
         "与单位核实是否要报送这些数字。"),
    Kind("category.missing", ERROR, "缺少类别栏",
         "{table}中找不到类别“{category}”一栏。请不要删除或改动表头中的类别名称。",
         "请单位不要改动表头的类别。"),
    Kind("row.missing", ERROR, "缺少行",
         "{table}中找不到“{row}”一行(类别“{category}”所在的表格)。请不要删除或改动行名称。",
         "请单位不要改动行名称。"),
    # a row name typed the usual way, with a unit of measure (人数(人), 支部数/个) where the
    # definition has none or another bracket or separator: read as that row, said (read/rowlabels.py)
    Kind("row.by-unit", INFO, "行名称多了或少了单位",
         "“{text}”与{table}的行名称“{row}”只差单位或分隔符,已按“{row}”一行读取。",
         "无需处理(已按模板的行读取);以后请使用模板中的行名称。"),
    # a drafted row joins a two-row heading with "-" (考核等次-好(人)): typed as the lower heading alone
    # (好(人)) or both run together, read as that row when it is the only one so, said
    Kind("row.by-heading", INFO, "行名称少了上一层表头",
         "“{text}”与{table}的行名称“{row}”只差上一层表头“{heading}”(或单位、分隔符),已按“{row}”一行读取。",
         "无需处理(已按模板的行读取);以后请使用模板中的行名称。"),
    Kind("row.ambiguous", WARNING, "行名称无法确定是哪一行",
         "“{text}”与{table}的{rows}都只差单位或分隔符,无法确定是哪一行,这一行的数字没有读取。"
         "请把行名称改为与模板一致(连同单位)。",
         "请单位把行名称改为与模板一致。"),
    # Values.
    # a number typed as text ("0", "12人", "十二") is read as that number: nothing for anyone to
    # do, so a note (counted per kind, never a warning that asks for a check)
    Kind("value.text-number", INFO, "文本格式的数字",
         "“{text}”是文字形式的数字,已按 {value} 读取。",
         "无需处理(已按数字读取)。"),
    # a count typed with a measure word its label does not print (40人 in a 承诺事项数(项) row): read,
    # but perhaps typed into the wrong row
    Kind("value.unit-differs", WARNING, "数字所带单位与表中不同",
         "“{text}”带的单位是“{typed}”,而{label}以“{printed}”计,已按 {value} 读取。"
         "请核对这个数字是否填错了格;没有填错的,请改为只填数字。",
         "请单位核对数字是否填错了格。"),
    Kind("value.not-integer", ERROR, "不是整数",
         "“{text}”不是整数。{label}应填写人数或个数(不小于 0 的整数)。",
         "请单位改为整数。"),
    # a count cell formatted as a percentage: the unit typed 12 and sees 12%, the cell holds 0.12
    Kind("value.percent", ERROR, "人数格设成了百分比格式",
         "单元格设成了百分比格式,显示的“{shown}”实际是 {text},不是整数。{label}应填写人数或个数(不小于 0 的整数):"
         "请把单元格格式改为“常规”或“数值”,再重新填写人数。",
         "请单位把单元格格式改为常规后重填人数。"),
    Kind("value.negative", ERROR, "负数",
         "“{text}”是负数。{label}应填写不小于 0 的整数。",
         "请单位改为不小于 0 的整数。"),
    Kind("value.not-number", ERROR, "无法识别的数字",
         "“{text}”无法识别为数字。{label}应填写不小于 0 的整数,没有请填 0 或留空,不要填写文字。",
         "请单位改为整数。"),
    Kind("value.too-large", ERROR, "数字大得不合理",
         "“{text}”太大,不可能是人数或个数(可能多输了数字,或粘贴时带进了别的内容)。{label}应填写不小于 0 的整数,请核对后改正。",
         "请单位核对后改正。"),
    # a count no single unit can have (the table set's ``most``): a digit typed twice, a paste doubled;
    # never said of a lower office's summary
    Kind("value.implausible", ERROR, "一个单位不可能有的数字",
         "{label}为 {value},一个单位不可能有这么多(每个单位最多 {most}),请核对是否多输了数字或粘贴了两次,改正后再报送。",
         "请单位核对后改正。"),
    # a unit's value far above the other units' in the same cell (merge: the batch's median)
    Kind("value.outlier", WARNING, "比其他单位大得多的数字",
         "{label}为 {value},超过其他 {count} 个单位同一格的中位数 {median}(不计填 0 的)的 {times} 倍,请核实是否多输了数字。",
         "请核实该数字;确有其数的无需处理,填错的请单位改正后重新报送。"),
    Kind("value.date", ERROR, "被转成日期的数字",
         "单元格中是日期({text}),不是人数或个数。可能输入“1-2”之类时被自动转为日期,请改为整数。",
         "请单位改为整数。"),
    Kind("value.error-cell", ERROR, "公式错误值",
         "单元格是错误值 {text}(公式出错)。请改为整数。",
         "请单位改为整数。"),
    Kind("value.formula-no-value", ERROR, "公式没有保存结果",
         "单元格是公式,但文件中没有保存计算结果,无法读取数字。请在 Excel 或 WPS 中打开、保存后再发送,或直接填写数字。",
         "请单位打开保存后重发,或直接填数字。"),
    # Checks between values: declared as rules in the table set, whose own message
    # and severity replace these defaults.
    Kind("rule.exceeds", ERROR, "数字超过总数",
         "“{category}”的数字{round_text}为 {lhs},超过了 {rhs}。请核对后修改。",
         "请单位核对后修改。"),
    Kind("rule.coverage", WARNING, "未全覆盖",
         "“{category}”{round_text}未全覆盖({lhs} / {rhs})。",
         "请核实是否确未全覆盖。"),
    Kind("rule.cross-table", WARNING, "表间数字不一致",
         "表间数字不一致({lhs} / {rhs})。",
         "请单位核对两张表。"),
    Kind("rule.failed", ERROR, "未通过审核规则",
         "未通过审核规则 {rule}({lhs} / {rhs})。",
         "请单位核对后修改。"),
    Kind("period.second-round-early", WARNING, "提前填了以后统计的轮次",
         "本次为{period}报送,“{category}”的{metric}({round})却填了 {value}。{round}的数字应在{later}报送时填写,请确认是否填错栏目。",
         "请确认是否填错栏目。"),
    # Mass evaluation (群众评议): tallies and filled forms.
    Kind("eval.no-tick", ERROR, "评议表漏打勾",
         "“{object}”的“{item}”一行没有打“√”。每一项都要选一个评议选项。",
         "请单位补打后重发。"),
    Kind("eval.two-ticks", ERROR, "评议表多打勾",
         "“{object}”的“{item}”一行打了 {n} 个“√”。每一项只能选一个评议选项。",
         "请单位改为只选一项。"),
    Kind("eval.bad-mark", ERROR, "评议表符号不对",
         "“{object}”的“{item}”一行中的“{text}”不是“√”。打勾请用“√”,不选的格子请留空。",
         "请单位用“√”打勾。"),
    Kind("eval.stray-mark", ERROR, "评议表勾打在选项以外",
         "“{object}”的“{item}”一行在“{last}”右边的格子里打了“{text}”,不在任何评议选项下,这一行没有计入。请把勾打在所选评议选项的格子里。",
         "请单位改正后重发。"),
    Kind("eval.no-name", ERROR, "评议表缺党组织名称",
         "{form}评议表的“{label}”没有填写,不知道评议的是哪个党组织。请补填后重新报送。",
         "请单位补填后重发。"),
    Kind("eval.row-no-name", ERROR, "评议行缺姓名或名称",
         "{paper}第 {row} 行{what},但“{label}”没有填写,不知道评议的是谁,这一行没有计入。请补填“{label}”后重新报送。",
         "请单位补填后重发。"),
    Kind("eval.unread", ERROR, "评议表读不出",
         "文件中没有找到统计表({all_tables}),也没有读出群众评议表:评议表要有标题({titles}),"
         "评议汇总表要有“{forms_count}”一栏({tally})。请使用下发的评议表或评议汇总表填写,不要改动标题、项目和选项。",
         "请单位用下发的评议表重新填写后重发。"),
    Kind("eval.item-missing", ERROR, "评议项目缺失",
         "{form}中找不到评议项目“{item}”。请使用下发的评议表,不要改动项目名称。",
         "请单位使用下发的评议表。"),
    Kind("eval.tally-mismatch", ERROR, "评议份数对不上",
         "“{object}”的“{item}”各选项合计 {sum} 份,与评议表份数 {forms} 不一致。每份评议表每项只选一个选项,请核对。",
         "请单位核对份数。"),
    Kind("eval.tally-vs-forms", ERROR, "评议汇总与评议表不一致",
         "评议汇总表中“{object}”的{what}填的是 {said},本单位报送的评议表加起来是 {counted}。同时报送评议表和评议汇总表时按评议表统计,请按评议表改正汇总表。",
         "请单位按评议表核对、改正评议汇总表后重发。"),
    Kind("eval.tally-lacks-object", ERROR, "评议汇总缺少评议对象",
         "本单位报送的{form}评议表中有“{object}”的评议表 {forms} 份,评议汇总表中却没有这一行。请按评议表在汇总表中补上这一行。",
         "请单位按评议表补全评议汇总表后重发。"),
    # Units.
    Kind("unit.from-filename", WARNING, "未填填报单位",
         "未填写“填报单位”,暂按文件名认作“{unit}”。请在表头填写单位全称。",
         "请提醒单位填写单位全称。"),
    Kind("unit.from-folder", WARNING, "未填填报单位",
         "未填写“填报单位”,文件名也看不出是哪个单位,暂按所在文件夹“{folder}”认作“{unit}”。请在表头填写单位全称。",
         "请提醒单位填写单位全称。"),
    Kind("unit.unnamed", ERROR, "看不出是哪个单位的文件",
         "没有填写单位名称(“填报单位”空白或不是单位名称),文件名“{file_name}”也看不出是哪个单位"
         "(只有“统计表”“附件”一类的通用字样),未计入汇总。请在“填报单位”处填写单位全称后重新报送。",
         "请与发来的单位核实:请其填写填报单位后重新报送;或把文件改名为单位名称"
         "(或放入以单位名称命名的文件夹)后重新汇总。"),
    Kind("unit.from-title", WARNING, "未填填报单位",
         "未填写“填报单位”,暂按标题认作“{unit}”。请在表头填写单位全称。",
         "请提醒单位填写单位全称。"),
    Kind("unit.from-form", WARNING, "未填填报单位",
         "未填写“填报单位”,暂按评议表上的“{label}”“{unit}”作为单位名称。请在表头“填报单位”处填写报送单位全称。",
         "请提醒单位填写单位全称。"),
    Kind("unit.not-a-name", WARNING, "填报单位写成了日期或数字",
         "填报单位写成了{what}“{text}”,不是单位名称,暂按{how}认作“{unit}”。请在“填报单位”处填写单位全称。",
         "请提醒单位把填报单位改为单位全称;如认作的单位不对,请与单位核实。"),
    Kind("unit.reserved-name", WARNING, "单位名称与合计同名",
         "填报单位“{unit}”与汇总表的合计行同名,已改称“{renamed}”,以免与合计混淆。请填写单位全称。",
         "请提醒单位填写全称。"),
    Kind("unit.inconsistent", WARNING, "填报单位不一致",
         "各表填写的填报单位不一致(“{unit}”与“{other}”),按“{unit}”处理。请统一填写单位全称。",
         "请提醒单位统一填写。"),
    Kind("date.unreadable", WARNING, "填报时间无法识别",
         "填报时间“{text}”无法识别。请按“2011年6月25日”或“2011-06-25”的格式填写。",
         "请提醒单位按 2011-06-25 的格式填写。"),
    Kind("date.outside-period", WARNING, "填报时间不在本期",
         "填报时间为 {date},不在{period}的报送时间({start} 至 {end})内。请确认是否报错了期次({mixup}),或填报时间写错。",
         "请确认是否报错了期次。"),
    Kind("period.other-year", WARNING, "报表年份不是本期",
         "{what},本次汇总的是{period}。请确认是否把{year}年的报表当作本期报送:如果是,请改报{period}的数字;"
         "如果数字确是{period}的,请{fix}。",
         "请与单位核实报表的年份。"),
    Kind("date.late-received", WARNING, "逾期报送(按邮件收到时间)",
         "邮件收到时间为 {received},晚于报送截止日期 {due},属逾期报送{in_sum}。",
         "照常审核,采用的计入汇总;按规定处理。", counted="(仍计入汇总)"),
    Kind("date.late-correction", WARNING, "改正后逾期重报",
         "{first};退回后改正重报的文件{received},晚于退回时要求的重报期限 {resubmit},"
         "属逾期重报{in_sum}。",
         "照常审核,采用的计入汇总;请提醒单位按退回邮件写明的期限改正重报。", counted="(仍计入汇总)"),
    Kind("date.corrected-in-time", INFO, "按时报送后改正重报",
         "{first};这是退回后改正重报的文件,{received}{within},不算逾期。",
         "无需处理。"),
    Kind("date.late", WARNING, "逾期报送",
         "填报时间为 {date},晚于报送截止日期 {due},属逾期报送{in_sum}。",
         "照常审核,采用的计入汇总;按规定处理。", counted="(仍计入汇总)"),
    # The county's context: roster and previous period.
    Kind("unit.not-on-roster", ERROR, "名册外单位",
         "填报单位“{unit}”不在单位名册中,未计入汇总。{hint}如确属本级报送单位,请在名册中添加该单位或在“别名”中加上这个名称,然后重新汇总。",
         "在名册中添加该单位或别名后重新汇总。"),
    Kind("unit.incomplete-below", WARNING, "下级汇总不完整",
         "“{unit}”报来的汇总不完整:{what}。{in_sum}请与该单位核实是否需要补报。",
         "与该单位核实是否补报。", counted="已计入汇总;"),
    Kind("unit.inside-summary", WARNING, "已含在下级汇总中的单位报表",
         "“{unit}”的数字已包含在“{summary}”中({basis}),未重复计入汇总。"
         "如该单位的数字有更正,请“{office}”重新汇总后报送。",
         "无需处理;这些单位的数字由报来汇总的下级计入。"),
    Kind("unit.summary-inside-summary", WARNING, "已含在上级汇总中的下级汇总",
         "“{unit}”的{what}已包含在“{summary}”中({basis}),其数字已由“{office}”计入,未重复计入汇总。"
         "如果这份文件是“{unit}”更正后重报的、与“{office}”汇总时所用的不同,请“{office}”用它重新汇总后报送;"
         "否则无需处理。",
         "无需处理;如该下级的数字有更正,请报来汇总的单位重新汇总后报送。"),
    Kind("unit.matched", INFO, "按别名或简称匹配",
         "{written},按名册{how}对应为“{unit}”。",
         "无需处理。"),
    Kind("previous.no-unit", INFO, "上期没有该单位",
         "上期汇总表({previous})中没有该单位的数据,无法比对。如该单位是上期的单位改名或合并而来的,"
         "请在名册中把原来的单位名称写作它的别名,再汇总时就与原单位上期的数字(几个单位合并的,与它们的和)比对。",
         "新设的单位无需处理;改名或合并的单位,在名册中把原名称写作别名后重新汇总。"),
    Kind("previous.not-counted", INFO, "上期未报送或被退回",
         "上期该单位{what}(见上期汇总表“{previous}”的“报送情况”表),上期汇总中没有该单位的数字,本期无法与上期比对。",
         "无需处理;需要比对时,请向该单位核实上期的数字。"),
    Kind("previous.round-changed", WARNING, "已上报轮次的数字与上期不同",
         "“{category}”的{metric}({round})本次为 {value},{previous}报送的是 {before}。{round}的数字上报后一般不应改变,请核实。",
         "请与单位核实。"),
    Kind("previous.total-changed", WARNING, "总数变化较大",
         "“{category}”的{metric}本次为 {value},上期为 {before}(变化 {change},超过 {threshold})。请核实。",
         "请与单位核实。"),
    Kind("previous.total-from-zero", WARNING, "上期为 0",
         "“{category}”的{metric}本次为 {value},上期为 0。请核实是上期漏报,还是本次填错。",
         "请与单位核实。"),
    Kind("unit.superseded", INFO, "被新文件替代",
         "同一单位报送了多份文件,已采用较新的“{newer}”,本文件不计入汇总。",
         "无需处理。"),
    Kind("unit.same-file", INFO, "同一文件报送了两次",
         "本文件与“{newer}”完全相同(同一个文件报送或保存了两次),按一份处理,以“{newer}”为准,本文件不重复计入。",
         "无需处理。"),
    Kind("unit.same-values", INFO, "同一份报表的两个文件",
         "本文件与“{newer}”的数字完全相同(同一份报表存成了两个文件,如另存为另一种格式,或同时报来了汇总表和上报文件),"
         "按一份处理,以“{newer}”为准,本文件不重复计入。",
         "无需处理。"),
    Kind("unit.superseded-returned", INFO, "较新的文件被退回",
         "同一单位后来又报送了“{newer}”,该文件{why},已退回;本文件是较早的报送,也不计入汇总"
         "(后报的文件一般是更正,旧数字不再上报)。请单位把“{newer}”改好后重新发送。",
         "请单位重发改好的文件;本文件不用处理。"),
    Kind("unit.superseded-unreadable", WARNING, "无法打开的文件被较新的替代",
         "本文件无法打开,看不出填报时间;同一单位的“{newer}”保存或收到得更晚,已采用“{newer}”,"
         "本文件不计入汇总。如本文件才是更正后的,请单位重新发送。",
         "请与单位核实;如本文件是更正后的,请单位重新发送。"),
    Kind("material.received", INFO, "已收到材料",
         "已收到“{unit}”的{material}(按文件名归入)。",
         "无需处理。"),
    Kind("material.off-roster", WARNING, "名册外单位的材料",
         "收到“{unit}”的{material}(按文件名归入),但“{unit}”不在单位名册中,这份材料没有归入名册中的任何单位。{hint}"
         "如是名册中某个单位的,请把文件改名为“单位全称_{material}”,或在名册的“别名”中加上“{unit}”,然后重新汇总。",
         "改文件名或在名册中添加别名后重新汇总。"),
    Kind("material.no-unit", WARNING, "材料看不出是哪个单位的",
         "这个文件像是{material},但文件名中看不出是哪个单位的。",
         "请把文件改名为“单位名称_{material}”后放回收件文件夹,重新汇总。"),
    Kind("material.by-unit", INFO, "按单位收下的材料",
         "文件名中只有单位名称,没有“{words}”;“{unit}”报来了统计表,本通知要求的这类文件只有{material},"
         "已作为“{unit}”的{material}收下。",
         "如不是{material},请把文件移出收件文件夹后重新汇总;可请单位以后在文件名中写明“{material}”。"),
    Kind("material.kept", INFO, "收下留存的台账",
         "这是“{unit}”的{material}(按{how}认出)。本通知的台账留存备查,不汇总,也不审核其中的内容。",
         "无需处理。要审核、汇总台账时,在通知定义中写台账定义(ledgers,见《通知定义》中“台账定义文件的键”)。"),
    Kind("material.kept-sheet", INFO, "统计表中的台账",
         "工作表“{tab}”是本单位的{material}(按{how}认出),已作为{material}收下。本通知的台账留存备查,不汇总,也不审核其中的内容。",
         "无需处理。"),
    Kind("material.missing", WARNING, "缺少报送材料",
         "已收到本单位的统计表,但没有收到{material}({look})。通知要求一并报送{material}。",
         "请提醒单位补报;收到后放入收件文件夹重新汇总。"),
    Kind("unit.name-clash", ERROR, "文件名与填报单位不是同一单位",
         "文件名是“{named}”,填报单位却写的是“{unit}”,与“{others}”填的是同一个单位。两份文件不能互相替代,"
         "本文件未计入汇总。如本文件是{named}的报表,请把填报单位改为“{named}”后重新报送。",
         "请与这几个单位核实填报单位;改正后重新汇总。"),
    Kind("unit.tie", WARNING, "无法判断哪个文件较新",
         "同一单位的本文件与“{others}”{same}相同,文件名也看不出哪个是更正后的,"
         "无法判断哪个较新;已采用本文件。",
         "请与单位核实应采用哪个文件,把不用的文件移出收件文件夹后重新汇总。"),
    Kind("unit.aliases-one-unit", WARNING, "名册中同一单位的两个名称各报了一份",
         "本文件的填报单位是“{this}”,“{other_file}”的填报单位是“{other}”,{relation},"
         "因此被当作同一单位先后报送的两份文件:{counted}。两份文件的填报单位不同,可能是两个单位"
         "(如合并前的两个单位)各自报来的,不是同一单位的更正。",
         "请与两个单位核实哪一份是对的。如两个单位已合并,请合并后的单位把全单位的数字填在一张表中"
         "(填报单位写名册中的名称)重新报送,被合并的单位不要再单独报送;如两者仍是两个单位,请改正名册,"
         "把它们分别列为单位,不要列为同一单位的别名。改正后重新汇总。"),
    Kind("unit.superseded-tie", INFO, "无法判断哪个文件较新",
         "同一单位的本文件与“{newer}”{same}相同,无法判断哪个较新;已采用“{newer}”,本文件不计入汇总。",
         "请与单位核实应采用哪个文件,把不用的文件移出收件文件夹后重新汇总。"),
    Kind("unit.tie-saved", WARNING, "只能按修改时间判断哪个汇总较新",
         "同一下级单位的本文件与“{others}”都是汇总结果,填报时间相同,从内容也看不出哪个是后汇总的,"
         "只能按文件的修改时间采用了较晚修改的本文件;邮件保存或复制过的文件,修改时间不一定是汇总的先后。",
         "请与该单位核实应采用哪个文件,把不用的文件移出收件文件夹后重新汇总。"),
    Kind("unit.superseded-saved", INFO, "只能按修改时间判断哪个汇总较新",
         "同一下级单位的本文件与“{newer}”都是汇总结果,填报时间相同,从内容也看不出哪个是后汇总的,"
         "按文件的修改时间采用了“{newer}”,本文件不计入汇总。",
         "请与该单位核实应采用哪个文件,把不用的文件移出收件文件夹后重新汇总。"),
)


def _index(kinds: tuple[Kind, ...]) -> dict[str, Kind]:
    """code -> Kind, checked: each code once, a known severity, every text present."""
    out: dict[str, Kind] = {}
    for kind in kinds:
        if kind.code in out:
            raise ValueError(f"problem code {kind.code} is in the catalogue twice")
        if kind.severity not in SEVERITY_ORDER or not (kind.title and kind.template and kind.advice):
            raise ValueError(f"problem kind {kind.code} is incomplete")
        if bool(kind.counted) != ("in_sum" in kind.fields):
            raise ValueError(f"problem kind {kind.code}: {{in_sum}} and its counted words go together")
        out[kind.code] = kind
    return out


CATALOGUE: dict[str, Kind] = _index(CATALOGUE_TABLE)


# -- the reference: docs/问题代码.md is this, generated (a test holds the file to it) -----------

REFERENCE_PATH = "docs/问题代码.md"


def reference_markdown() -> str:
    """Every kind of problem, for people: code, severity, title, what to do, the message."""
    lines = [
        "# 问题代码",
        "",
        "`dianping check` 和 `dianping merge` 报告的每一种问题:代码(稳定,可用于 `--ignore`、`--error` 和脚本)、",
        "级别(错误:文件退回;警告:已采用,请核对;提示:无需处理)、名称、怎么处理,以及说明的原文",
        "(`{…}` 处填入具体的单元格、数字和名称)。表格定义文件中声明的审核规则(`rule.*`)可以有自己的说明和级别。",
        "说明中“已计入汇总”“仍计入汇总”的字样只对计入汇总的文件说;退回或被替代的文件,说明中没有这几个字。",
        "",
        "本页由 `python -m dianping_xlsx.catalogue` 从程序中的问题目录生成,请勿手工修改。",
        "",
        "| 代码 | 级别 | 名称 | 怎么处理 | 说明 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind in sorted(CATALOGUE.values(), key=lambda k: (k.code.split(".")[0], SEVERITY_ORDER[k.severity], k.code)):
        message = kind.template.replace("{in_sum}", kind.counted)  # as a counted file's says it
        said = message + (f"(`dianping check` 中:{kind.sender})" if kind.sender else "")
        cells = [f"`{kind.code}`", SEVERITY_ZH[kind.severity], kind.title, kind.advice, said]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m dianping_xlsx.catalogue [path]: write the reference
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else REFERENCE_PATH)
    target.write_text(reference_markdown(), encoding="utf-8")
    print(f"{len(CATALOGUE)} kinds written to {target}")
