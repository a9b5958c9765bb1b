"""What units fill in, written from the notice: the blank statistics template with its 填表说明
and 自查 sheets (the rules compiled a second time, into formulas), the evaluation forms and
tally, the ledgers; and the official layout the summary's 附件 sheets are drawn with too."""
