"""Problems found in submitted files: typed, with a stable code and a position.

Every problem has a code (stable, for tests and scripts), a severity, a
position (file, sheet, cell) and a Chinese message rendered from the template
of its code. The 审核问题 sheet, the CLI and the CSV all render the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# code -> (severity, message template). Placeholders are filled from Problem.params.
CODES: dict[str, tuple[str, str]] = {
    # Files that are not submissions.
    "file.lock": (INFO, "Office 临时锁文件(打开表格时自动生成),已忽略。"),
    "file.not-spreadsheet": (
        INFO,
        "不是表格文件({suffix}),已忽略。如是报表,请另存为 .xlsx 后重新发送。",
    ),
    "file.merged-ledgers": (
        INFO,
        "这是 dianping merge 写出的合并台账(各单位台账合在一起),不是哪个单位的台账,已忽略。"
        "合并台账只在本级留存,请放在收件文件夹以外。",
    ),
    "file.own-summary": (
        INFO,
        "这是本级(“{unit}”)用 dianping merge 生成的汇总表,不是下级单位的报送,已忽略。"
        "汇总结果请放在收件文件夹以外。",
    ),
    "file.summary-other-period": (
        INFO,
        "这是“{unit}”{period}的汇总表,与本次汇总的{current}不同,已忽略。",
    ),
    "file.returned-copy": (
        INFO,
        "这是审核后退回给单位的文件(在“{folder}”文件夹中),不是单位的报送,已忽略。"
        "单位修改后重新发来的文件请直接放在收件文件夹中。",
    ),
    # Ledgers (台账): each record, the tables against them, the commitments.
    "ledger.empty": (WARNING, "{ledger}中没有任何记录(像是空白的台账模板),没有用来核对统计表。请填写台账后一并报送。"),
    "ledger.missing-field": (WARNING, "{ledger}第 {row} 行没有填写“{column}”。请补填。"),
    "ledger.bad-date": (WARNING, "{ledger}第 {row} 行的“{column}”写的是“{text}”,不是日期。请写成 2011-06-20。"),
    "ledger.date-outside": (
        WARNING, "{ledger}第 {row} 行的“{column}”为 {date},不在{period}({start} 至 {end})内。请核对。"),
    "ledger.unknown-value": (
        WARNING, "{ledger}第 {row} 行的“{column}”写的是“{text}”,不在规定的选项中({choices})。请从下拉列表中选择。"),
    "ledger.missing-column": (
        WARNING, "{ledger}的表头中没有找到“{column}”一列(找过:{looked})。{cost}请按台账模板的列名填写表头,或补上这一列。"),
    "ledger.other-value": (
        INFO, "{ledger}第 {row} 行的“{column}”写的是“{text}”,不是列出的选项({choices});这一列允许填写其他内容,已照录。"),
    "ledger.held-no-tables": (
        WARNING, "本级没有采用这个单位的统计表(没有报送,或报送的文件不是统计表),台账暂不计入“点评记实情况”“公开承诺情况”"
                 "和合并台账。请单位报送统计表;统计表采用后重新汇总,台账即计入。"),
    "ledger.held-returned": (
        WARNING, "这个单位的统计表已退回,台账暂不计入“点评记实情况”“公开承诺情况”和合并台账。"
                 "统计表改正后重新汇总,台账即计入(台账不用重发)。"),
    "ledger.repeat-person": (
        INFO, "{ledger}中“{person}”在{round}被点评了 {n} 次(第 {rows} 行);统计表只统计人数、不统计人次,按 1 人计。"),
    "ledger.above": (
        ERROR, "{table}“{category}”的{metric}({round})填了 {reported},但{ledger}中{round}被点评的只有 {counted} 个"
               "(按人数计,不重复)。统计表的数字应来自台账:请核对台账或统计表。"),
    "ledger.below": (
        WARNING, "{table}“{category}”的{metric}({round})填了 {reported},少于{ledger}中记录的 {counted} 个。请核对。"),
    "ledger.totals": (ERROR, "{ledger}的合计写承诺 {total} 条,其中{parts},加起来是 {sum},对不上。请核对后修改。"),
    "ledger.overdue": (
        WARNING, "“{who}”的承诺“{item}”时限 {deadline} 已过,兑现情况为“{status}”:请挂牌督办,兑现后销号。"),
    "ledger.fulfilled-after": (ERROR, "{ledger}第 {row} 行的兑现日期 {date} 晚于填报时间 {report}。请核对。"),
    "ledger.fulfilled-before-start": (
        ERROR, "{ledger}第 {row} 行的兑现日期 {date} 早于承诺日期 {start}:承诺还没作出就已兑现。请核对两个日期。"),
    "file.mail-record": (
        INFO,
        "这是 dianping mail 收取邮件时写的清单(在“{folder}”文件夹中),不是单位的报送,已忽略。",
    ),
    "file.unreadable": (
        ERROR,
        "无法读取这个文件({reason})。请检查文件是否被其他程序占用、是否有读取权限,然后重新汇总。",
    ),
    "file.not-regular": (
        INFO,
        "这不是普通文件({what}),没有打开,已忽略。请把单位发来的表格文件本身放进收件文件夹。",
    ),
    "file.empty": (ERROR, "文件是空的(0 字节)。请重新保存表格后再发送。"),
    "file.encrypted": (ERROR, "文件设置了打开密码,无法读取。请去掉密码后重新发送。"),
    "file.corrupt": (
        ERROR,
        "文件已损坏或不完整,无法打开({detail})。请用 Excel 或 WPS 打开并另存为 .xlsx 后重新发送。",
    ),
    "file.unsupported": (
        ERROR,
        "无法读取 {suffix} 格式。请在 WPS 或 Excel 中“另存为” .xlsx 后重新发送。",
    ),
    "file.disguised": (
        ERROR,
        "文件实际上是网页或文本(只是扩展名像表格),无法按表格读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再发送。",
    ),
    "file.strict-ooxml": (
        ERROR,
        "文件是“Strict Open XML”格式,无法读取。请在 Excel 中“另存为”普通的“Excel 工作簿(.xlsx)”后重新发送。",
    ),
    "file.xml-doctype": (
        ERROR,
        "文件内部({part})含有不允许的 DOCTYPE/ENTITY 声明,出于安全考虑不予读取。请用 Excel 或 WPS 另存为 .xlsx 后重新发送。",
    ),
    "file.crashed": (
        ERROR,
        "读取这个文件时读取程序异常退出(文件可能已损坏、被篡改,或需要的内存超过上限),已跳过,其余文件不受影响。请用 Excel 或 WPS 打开并另存为 .xlsx 后重新发送。",
    ),
    "file.timeout": (
        ERROR,
        "读取这个文件超过 {seconds} 秒仍未完成,已停止读取。请检查文件是否过大或损坏,另存为 .xlsx 后重新发送。",
    ),
    # Limits (see prescan.Limits; each can be raised with --limit NAME=VALUE).
    "limit.memory": (
        ERROR,
        "读取这个文件需要的内存超过上限({limit}),已停止读取,其余文件不受影响。请单位删除表格以外的内容、另存为 .xlsx 后重新发送。",
    ),
    "limit.file-size": (ERROR, "文件超过 {limit},不像一份统计表。请删除无关的工作表、图片后重新发送。"),
    "limit.parts": (ERROR, "文件内部有 {count} 个部件,超过上限 {limit},不像一份统计表。请另存为新的 .xlsx 后重新发送。"),
    "limit.unpacked": (
        ERROR,
        "文件解压后达 {size}(上限 {limit}),可能是“压缩炸弹”或含大量无关内容。请只保留统计表后重新发送。",
    ),
    "limit.ratio": (ERROR, "文件内部“{part}”压缩比异常({ratio} 倍),可能是“压缩炸弹”,不予读取。"),
    "limit.far-cell": (
        ERROR,
        "工作表“{sheet}”用到了很远的单元格 {ref}(表格很可能误填了内容或格式)。请删除表格以外的行列后另存,再重新发送。",
    ),
    "limit.strings": (ERROR, "文件声明了 {count} 个文本(上限 {limit}),不像一份统计表,不予读取。请另存为新的 .xlsx 后重新发送。"),
    "limit.merged": (ERROR, "工作表“{sheet}”有 {count} 个合并单元格(上限 {limit}),请取消多余的合并后重新发送。"),
    "limit.merged-area": (ERROR, "工作表“{sheet}”合并了一个过大的区域 {ref},请取消这个合并后重新发送。"),
    "file.no-tables": (
        ERROR,
        "文件中没有找到统计表({all_tables})。请使用下发的模板填写,或按通知中的表格样式填报。",
    ),
    # Tables and their layout.
    "table.missing": (
        ERROR,
        "缺少{table}《{title}》。{all_tables}都要填报,没有数据的表也请保留并填 0。",
    ),
    "table.duplicate": (
        ERROR,
        "{table}的“{category}”一栏出现了两次(另一处在 {other})。请删除多余的表格后重新发送。",
    ),
    "table.empty": (
        ERROR,
        "{all_tables}的数字格全部是空的,这是一份没有填写的空白表,不能作为报表。请填写后再报送;确实没有的数字请填 0。",
    ),
    "table.very-hidden": (
        WARNING,
        "{table}在一张被深度隐藏的工作表“{sheet}”中(在 Excel 里用“取消隐藏”也看不到),已照常读取。"
        "请与单位核实这是要报送的数字;如不是,请单位删除该工作表后重新报送。",
    ),
    "category.missing": (
        ERROR,
        "{table}中找不到类别“{category}”一栏。请不要删除或改动表头中的类别名称。",
    ),
    "row.missing": (
        ERROR,
        "{table}中找不到“{row}”一行(类别“{category}”所在的表格)。请不要删除或改动行名称。",
    ),
    # Values.
    "value.text-number": (
        WARNING,
        "“{text}”是文字形式的数字,已按 {value} 读取。请直接填写数字。",
    ),
    "value.not-integer": (
        ERROR,
        "“{text}”不是整数。{label}应填写人数或个数(不小于 0 的整数)。",
    ),
    "value.negative": (ERROR, "“{text}”是负数。{label}应填写不小于 0 的整数。"),
    "value.not-number": (
        ERROR,
        "“{text}”无法识别为数字。{label}应填写不小于 0 的整数,没有请填 0 或留空,不要填写文字。",
    ),
    "value.date": (
        ERROR,
        "单元格中是日期({text}),不是人数或个数。可能输入“1-2”之类时被自动转为日期,请改为整数。",
    ),
    "value.error-cell": (ERROR, "单元格是错误值 {text}(公式出错)。请改为整数。"),
    "value.formula-no-value": (
        ERROR,
        "单元格是公式,但文件中没有保存计算结果,无法读取数字。请在 Excel 或 WPS 中打开、保存后再发送,或直接填写数字。",
    ),
    # Checks between values: declared as rules in the table set, whose own message
    # and severity replace these defaults.
    "rule.exceeds": (ERROR, "“{category}”的数字{round_text}为 {lhs},超过了 {rhs}。请核对后修改。"),
    "rule.coverage": (WARNING, "“{category}”{round_text}未全覆盖({lhs} / {rhs})。"),
    "rule.cross-table": (WARNING, "表间数字不一致({lhs} / {rhs})。"),
    "rule.failed": (ERROR, "未通过审核规则 {rule}({lhs} / {rhs})。"),
    "period.second-round-early": (
        WARNING,
        "本次为{period}报送,“{category}”的{metric}({round})却填了 {value}。"
        "{round}应在下半年统计,请确认是否填错栏目。",
    ),
    # Mass evaluation (群众评议): tallies and filled forms.
    "eval.no-tick": (ERROR, "“{object}”的“{item}”一行没有打“√”。每一项都要选一个评议选项。"),
    "eval.two-ticks": (ERROR, "“{object}”的“{item}”一行打了 {n} 个“√”。每一项只能选一个评议选项。"),
    "eval.bad-mark": (
        ERROR,
        "“{object}”的“{item}”一行中的“{text}”不是“√”。打勾请用“√”,不选的格子请留空。",
    ),
    "eval.no-name": (
        ERROR,
        "{form}评议表的“{label}”没有填写,不知道评议的是哪个党组织。请补填后重新报送。",
    ),
    "eval.item-missing": (ERROR, "{form}中找不到评议项目“{item}”。请使用下发的评议表,不要改动项目名称。"),
    "eval.tally-mismatch": (
        ERROR,
        "“{object}”的“{item}”各选项合计 {sum} 份,与评议表份数 {forms} 不一致。每份评议表每项只选一个选项,请核对。",
    ),
    # Units.
    "unit.from-filename": (
        WARNING,
        "未填写“填报单位”,暂按文件名认作“{unit}”。请在表头填写单位全称。",
    ),
    "unit.from-title": (
        WARNING,
        "未填写“填报单位”,暂按标题认作“{unit}”。请在表头填写单位全称。",
    ),
    "unit.from-form": (
        WARNING,
        "未填写“填报单位”,暂按评议表上的“{label}”“{unit}”作为单位名称。请在表头“填报单位”处填写报送单位全称。",
    ),
    "unit.reserved-name": (
        WARNING,
        "填报单位“{unit}”与汇总表的合计行同名,已改称“{renamed}”,以免与合计混淆。请填写单位全称。",
    ),
    "unit.inconsistent": (
        WARNING,
        "各表填写的填报单位不一致(“{unit}”与“{other}”),按“{unit}”处理。请统一填写单位全称。",
    ),
    "date.unreadable": (
        WARNING,
        "填报时间“{text}”无法识别。请按“2011年6月25日”或“2011-06-25”的格式填写。",
    ),
    "date.outside-period": (
        WARNING,
        "填报时间为 {date},不在{period}的报送时间({start} 至 {end})内。请确认是否报错了期次(如把上半年的表当作下半年报送),或填报时间写错。",
    ),
    "date.late-received": (
        WARNING,
        "邮件收到时间为 {received},晚于报送截止日期 {due},属逾期报送(仍计入汇总)。",
    ),
    "date.late": (
        WARNING,
        "填报时间为 {date},晚于报送截止日期 {due},属逾期报送(仍计入汇总)。",
    ),
    # The county's context: roster and previous period.
    "unit.not-on-roster": (
        ERROR,
        "填报单位“{unit}”不在单位名册中,未计入汇总。{hint}"
        "如确属本级报送单位,请在名册中添加该单位或在“别名”中加上这个名称,然后重新汇总。",
    ),
    "unit.incomplete-below": (
        WARNING,
        "“{unit}”报来的汇总不完整:{what}。已计入汇总;请与该单位核实是否需要补报。",
    ),
    "unit.matched": (INFO, "表上填报单位为“{reported}”,按名册{how}对应为“{unit}”。"),
    "previous.no-unit": (INFO, "上期汇总表({previous})中没有该单位的数据,无法比对。"),
    "previous.round-changed": (
        WARNING,
        "“{category}”的{metric}({round})本次为 {value},上半年报送的是 {before}。"
        "第一次的数字上报后一般不应改变,请核实。",
    ),
    "previous.total-changed": (
        WARNING,
        "“{category}”的{metric}本次为 {value},上期为 {before}(变化 {change},超过 {threshold})。请核实。",
    ),
    "previous.total-from-zero": (
        WARNING,
        "“{category}”的{metric}本次为 {value},上期为 0。请核实是上期漏报,还是本次填错。",
    ),
    "unit.superseded": (
        INFO,
        "同一单位报送了多份文件,已采用较新的“{newer}”,本文件不计入汇总。",
    ),
}


# code -> (the kind's short name, what to do), for overviews: one line per kind.
KINDS: dict[str, tuple[str, str]] = {
    "file.lock": ("临时锁文件", "无需处理。"),
    "file.not-spreadsheet": ("不是表格的文件", "如是报表,请单位另存为 .xlsx 后重发。"),
    "file.own-summary": ("本级的汇总表", "无需处理;汇总结果不要放进收件文件夹。"),
    "file.merged-ledgers": ("本级的合并台账", "无需处理;汇总结果不要放进收件文件夹。"),
    "file.summary-other-period": ("其他期次的汇总表", "确认是否放错了文件。"),
    "file.returned-copy": ("退回文件的副本", "无需处理。"),
    "file.mail-record": ("邮件收取清单", "无需处理。"),
    "ledger.empty": ("空白的台账", "请单位填写台账后报送。"),
    "ledger.missing-field": ("台账漏填", "请单位补填台账。"),
    "ledger.bad-date": ("台账日期无法识别", "请单位改为 2011-06-20 的写法。"),
    "ledger.date-outside": ("台账日期不在本期", "请单位核对日期。"),
    "ledger.unknown-value": ("台账中不规范的选项", "请单位从下拉列表中选择。"),
    "ledger.missing-column": ("台账缺少一列", "请单位按台账模板的列名填写表头。"),
    "ledger.other-value": ("台账中列表以外的内容(允许)", "无需处理。"),
    "ledger.held-no-tables": ("只报了台账,未报统计表", "请单位报送统计表;台账暂不计入。"),
    "ledger.held-returned": ("统计表被退回,台账暂不计入", "统计表改正后重新汇总即计入。"),
    "ledger.repeat-person": ("同一人重复点评", "统计表按人数计,无需处理。"),
    "ledger.above": ("统计表数字多于台账记录", "已退回;请单位核对台账或统计表。"),
    "ledger.below": ("统计表数字少于台账记录", "请单位核对。"),
    "ledger.totals": ("承诺合计对不上", "已退回;请单位核对合计。"),
    "ledger.overdue": ("承诺逾期未兑现", "挂牌督办,兑现后销号。"),
    "ledger.fulfilled-after": ("兑现日期晚于填报时间", "已退回;请单位核对日期。"),
    "ledger.fulfilled-before-start": ("兑现日期早于承诺日期", "已退回;请单位核对日期。"),
    "file.empty": ("空文件", "请单位重新保存后发送。"),
    "file.unreadable": ("无法读取的文件", "检查文件权限或是否被占用后重新汇总。"),
    "file.not-regular": ("不是普通文件", "放入文件本身(而不是链接)后重新汇总。"),
    "unit.reserved-name": ("单位名称与合计同名", "请提醒单位填写全称。"),
    "file.encrypted": ("有打开密码", "请单位去掉密码后重发。"),
    "file.corrupt": ("文件损坏", "请单位用 Excel/WPS 另存为 .xlsx 后重发。"),
    "file.unsupported": ("不支持的格式", "请单位另存为 .xlsx 后重发。"),
    "file.disguised": ("网页或文本冒充表格", "请单位在 Excel/WPS 中另存为 .xlsx 后重发。"),
    "file.strict-ooxml": ("Strict Open XML 格式", "请单位另存为普通 .xlsx 后重发。"),
    "file.xml-doctype": ("含不安全的声明", "请单位另存为 .xlsx 后重发。"),
    "file.crashed": ("读取时异常退出", "请单位另存为 .xlsx 后重发。"),
    "file.timeout": ("读取超时", "请单位检查文件大小,另存为 .xlsx 后重发。"),
    "limit.file-size": ("文件过大", "请单位删除无关内容后重发。"),
    "limit.memory": ("读取需要的内存过多", "请单位另存为 .xlsx 后重发。"),
    "limit.parts": ("部件过多", "请单位另存为新的 .xlsx 后重发。"),
    "limit.unpacked": ("解压后过大", "请单位只保留统计表后重发。"),
    "limit.ratio": ("压缩比异常", "请单位另存为 .xlsx 后重发。"),
    "limit.far-cell": ("用到很远的单元格", "请单位删除表格以外的行列后重发。"),
    "limit.strings": ("文本过多", "请单位另存为新的 .xlsx 后重发。"),
    "limit.merged": ("合并单元格过多", "请单位取消多余的合并后重发。"),
    "limit.merged-area": ("合并区域过大", "请单位取消该合并后重发。"),
    "file.no-tables": ("没有统计表", "请单位用下发的模板填报。"),
    "table.missing": ("缺少统计表", "请单位补齐所有统计表。"),
    "table.duplicate": ("统计表重复", "请单位删除多余的表格。"),
    "table.empty": ("空白表", "请单位填写后重发。"),
    "table.very-hidden": ("表在深度隐藏的工作表中", "与单位核实是否要报送这些数字。"),
    "category.missing": ("缺少类别栏", "请单位不要改动表头的类别。"),
    "row.missing": ("缺少行", "请单位不要改动行名称。"),
    "value.text-number": ("文本格式的数字", "已按数字读取;请提醒单位直接填数字。"),
    "value.not-integer": ("不是整数", "请单位改为整数。"),
    "value.negative": ("负数", "请单位改为不小于 0 的整数。"),
    "value.not-number": ("无法识别的数字", "请单位改为整数。"),
    "value.date": ("被转成日期的数字", "请单位改为整数。"),
    "value.error-cell": ("公式错误值", "请单位改为整数。"),
    "value.formula-no-value": ("公式没有保存结果", "请单位打开保存后重发,或直接填数字。"),
    "rule.exceeds": ("数字超过总数", "请单位核对后修改。"),
    "rule.coverage": ("未全覆盖", "请核实是否确未全覆盖。"),
    "rule.cross-table": ("表间数字不一致", "请单位核对两张表。"),
    "rule.failed": ("未通过审核规则", "请单位核对后修改。"),
    "period.second-round-early": ("上半年填了第二次", "请确认是否填错栏目。"),
    "eval.no-tick": ("评议表漏打勾", "请单位补打后重发。"),
    "eval.two-ticks": ("评议表多打勾", "请单位改为只选一项。"),
    "eval.bad-mark": ("评议表符号不对", "请单位用“√”打勾。"),
    "eval.no-name": ("评议表缺党组织名称", "请单位补填后重发。"),
    "eval.item-missing": ("评议项目缺失", "请单位使用下发的评议表。"),
    "eval.tally-mismatch": ("评议份数对不上", "请单位核对份数。"),
    "unit.from-filename": ("未填填报单位", "请提醒单位填写单位全称。"),
    "unit.from-form": ("未填填报单位", "请提醒单位填写单位全称。"),
    "unit.from-title": ("未填填报单位", "请提醒单位填写单位全称。"),
    "unit.inconsistent": ("填报单位不一致", "请提醒单位统一填写。"),
    "date.unreadable": ("填报时间无法识别", "请提醒单位按 2011-06-25 的格式填写。"),
    "date.outside-period": ("填报时间不在本期", "请确认是否报错了期次。"),
    "date.late": ("逾期报送", "已计入汇总;按规定处理。"),
    "date.late-received": ("逾期报送(按邮件收到时间)", "已计入汇总;按规定处理。"),
    "unit.not-on-roster": ("名册外单位", "在名册中添加该单位或别名后重新汇总。"),
    "unit.matched": ("按别名或简称匹配", "无需处理。"),
    "unit.incomplete-below": ("下级汇总不完整", "与该单位核实是否补报。"),
    "previous.no-unit": ("上期没有该单位", "无需处理。"),
    "previous.round-changed": ("第一次的数字与上期不同", "请与单位核实。"),
    "previous.total-changed": ("总数变化较大", "请与单位核实。"),
    "previous.total-from-zero": ("上期为 0", "请与单位核实。"),
    "unit.superseded": ("被新文件替代", "无需处理。"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    unit: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)
    # Set by rules declared in the table set: their own severity and message.
    level: str = field(default="", compare=False)
    template: str = field(default="", compare=False)
    # The input value the problem is about (a definitions.Key), when there is one.
    target: tuple | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.code not in CODES and not (self.code.startswith("rule.") and self.template):
            raise ValueError(f"unknown problem code {self.code}")

    @property
    def severity(self) -> str:
        return self.level or CODES[self.code][0]

    @property
    def message(self) -> str:
        return (self.template or CODES[self.code][1]).format(**self.params)

    @property
    def position(self) -> str:
        """Where, in words: 附件2!C5."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def located(self, **changes) -> "Problem":
        """The same problem with its position completed (file, unit...)."""
        data = {
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "unit": self.unit,
            "params": self.params,
            "level": self.level,
            "template": self.template,
            "target": self.target,
        }
        data.update(changes)
        return Problem(**data)

    def record(self) -> dict:
        """Every structured field, for tables and data frames (``result.problem_records()``)."""
        target = dict(zip(("table", "category", "metric", "round"), self.target)) if self.target else None
        return {"code": self.code, "level": self.severity, "file": self.file, "unit": self.unit,
                "sheet": self.sheet, "cell": self.cell, "target": target, "params": dict(self.params),
                "message": self.message}

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "unit": self.unit,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }


def _cell_order(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, f"{len(letters)}{letters}")


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; by sheet and cell (row by row) within each."""
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.severity], p.file, p.sheet, _cell_order(p.cell)))


def by_unit(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Problems grouped by unit (units in name order), errors first within each."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.unit, []).append(p)
    return {unit: sorted_problems(groups[unit]) for unit in sorted(groups)}


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def flatten(problems: Iterable[Problem], fields=("code", "sheet", "cell")) -> list[list]:
    """Problems as short lists, for tests: ``[["value.negative", "附件1", "C5"], ...]``."""
    return [[getattr(p, f) for f in fields] for p in problems]


# -- policy: what a run (or a table set) silences or raises ---------------------------------


@dataclass(frozen=True)
class Policy:
    """Problem kinds silenced (``ignore``) or made errors (``raise_``) for a run. Errors cannot
    be silenced: a value that cannot be read must never be summed."""

    ignore: frozenset[str] = frozenset()
    raise_: frozenset[str] = frozenset()

    def __post_init__(self):
        for code in self.ignore | self.raise_:
            if code not in CODES and not code.startswith("rule."):
                raise ValueError(f"没有“{code}”这种问题(代码见 README 或“审核问题”表的“代码”列)")
        errors = sorted(c for c in self.ignore if c in CODES and CODES[c][0] == ERROR)
        if errors:
            raise ValueError(f"“{'、'.join(errors)}”是错误,不能忽略(否则会把读不出的数字计入汇总)")

    def merged(self, other: "Policy") -> "Policy":
        return Policy(self.ignore | other.ignore, self.raise_ | other.raise_)

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        out = []
        for p in problems:
            if p.code in self.ignore and p.severity != ERROR:
                continue
            out.append(p.located(level=ERROR) if p.code in self.raise_ else p)
        return out


NO_POLICY = Policy()  # nothing silenced, nothing raised


# -- grouping for people: one line per kind, cells listed together ---------------------------


def kind_of(code: str) -> tuple[str, str]:
    """(short name, what to do) of a problem code."""
    return KINDS.get(code, (code, "请核对。"))


def places(problems: Iterable[Problem]) -> str:
    """Where, compressed: 附件2!C6:H6、附件3!C7 (neighbouring cells of a row become a range)."""
    by_sheet: dict[str, dict[int, list[int]]] = {}
    for p in problems:
        if not p.cell:
            continue
        letters = p.cell.rstrip("0123456789")
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        by_sheet.setdefault(p.sheet, {}).setdefault(int(p.cell[len(letters):]), []).append(col)
    parts = []
    for sheet, rows in by_sheet.items():
        for row in sorted(rows):
            cols = sorted(set(rows[row]))
            start = prev = cols[0]
            for c in [*cols[1:], None]:
                if c is not None and c == prev + 1:
                    prev = c
                    continue
                ref = f"{_letters(start)}{row}" + (f":{_letters(prev)}{row}" if prev != start else "")
                parts.append(f"{sheet}!{ref}" if sheet else ref)
                if c is not None:
                    start = prev = c
    return "、".join(parts)


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
